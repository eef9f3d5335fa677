using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using NodaTime;
using NodaTime.Text;

namespace Loyalty.Rules;

/// <summary>
/// Reads the JSON program format with a <see cref="JsonDocument"/>, by hand (no reflection), and keeps going after a
/// problem: a bad value is reported with its JSON path and replaced by a harmless default, so one load lists every
/// problem of the file, those of the format and those the program's own validation finds.
/// </summary>
internal sealed class ProgramJsonReader
{
    private static readonly JsonDocumentOptions Options = new() { CommentHandling = JsonCommentHandling.Skip, MaxDepth = 64 };
    private readonly List<ValidationProblem> problems = [];

    public static LoyaltyProgram Read(ReadOnlyMemory<byte> utf8)
    {
        if (!System.Text.Unicode.Utf8.IsValid(utf8.Span))
        {
            throw new ProgramDefinitionException([new("$", "is not valid UTF-8 text.")]);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8, Options);
        }
        catch (JsonException e)
        {
            throw new ProgramDefinitionException([new("$", $"is not valid JSON: {e.Message}")]);
        }

        using (document)
        {
            try
            {
                return new ProgramJsonReader().Program(document.RootElement);
            }
            catch (InvalidOperationException e) when (e.InnerException is System.Text.DecoderFallbackException or null)
            {
                // A string escape that is not a Unicode character ("\ud800" alone) only fails when the string is read.
                throw new ProgramDefinitionException([new("$", $"holds a string that is not valid Unicode: {e.Message}")]);
            }
        }
    }

    private LoyaltyProgram Program(JsonElement root)
    {
        var o = Obj(root, "$", "a program");
        if (o is null)
        {
            throw new ProgramDefinitionException(problems);
        }

        int? schemaVersion = o.Int("schemaVersion", required: true);
        if (schemaVersion is { } v && v != ProgramJson.SchemaVersion)
        {
            throw new ProgramDefinitionException([new("$.schemaVersion", $"version {v} is not supported: this library reads schemaVersion {ProgramJson.SchemaVersion}.")]);
        }

        string id = o.String("id", required: true) ?? "";
        string currency = o.String("currency", required: true) ?? "";
        var zone = TimeZone(o);
        var builder = new LoyaltyProgramBuilder(id, currency, zone ?? DateTimeZone.Utc);
        if (o.Int("version") is { } version)
        {
            builder.WithVersion(version);
        }

        if (o.Instant("effectiveFrom") is { } effective)
        {
            builder.WithEffectiveFrom(effective);
        }

        builder.WithTiers([.. o.Strings("tiers")]);
        if (o.Object("earningBase", "an earning base") is { } earningBase)
        {
            builder.WithEarningBase(new EarningBase
            {
                ExcludedCategories = earningBase.Strings("excludedCategories"),
                ExcludedSkus = earningBase.Strings("excludedSkus"),
                IncludeTax = earningBase.Bool("includeTax") ?? false,
                IncludeShipping = earningBase.Bool("includeShipping") ?? false,
            });
            earningBase.Done();
        }

        if (o.Object("rounding", "a rounding policy") is { } rounding)
        {
            builder.WithRounding(new RoundingPolicy
            {
                Mode = rounding.Enum<RoundingMode>("mode") ?? RoundingPolicy.Default.Mode,
                Scope = rounding.Enum<RoundingScope>("scope") ?? RoundingPolicy.Default.Scope,
                CarryFraction = rounding.Bool("carryFraction") ?? false,
            });
            rounding.Done();
        }

        foreach (var (element, path) in o.Array("earn"))
        {
            builder.AddPolicy(Earn(element, path));
        }

        foreach (var (element, path) in o.Array("activities"))
        {
            builder.AddActivity(Activity(element, path));
        }

        if (o.Object("lots", "a lot policy") is { } lots)
        {
            builder.WithLots(Lots(lots));
        }

        if (o.Object("ruleLots", "rule lot policies") is { } ruleLots)
        {
            foreach (var property in ruleLots.Element.EnumerateObject())
            {
                ruleLots.Known(property.Name);
                string at = $"{ruleLots.Path}['{property.Name}']";
                if (Obj(property.Value, at, "a lot policy") is { } policy)
                {
                    var lotPolicy = Lots(policy);
                    if (string.IsNullOrWhiteSpace(property.Name))
                    {
                        Fail(at, "names no rule: a rule id is required.");
                    }
                    else
                    {
                        builder.WithRuleLots(property.Name, lotPolicy);
                    }
                }
            }
        }

        if (o.Object("redemption", "a redemption policy") is { } redemption)
        {
            builder.WithRedemption(new RedemptionPolicy
            {
                Minimum = redemption.Long("minimum") ?? RedemptionPolicy.Default.Minimum,
                Increment = redemption.Long("increment") ?? RedemptionPolicy.Default.Increment,
                PointsPerCurrencyUnit = redemption.Decimal("pointsPerCurrencyUnit") ?? RedemptionPolicy.Default.PointsPerCurrencyUnit,
                Causes = redemption.Strings("causes"),
            });
            redemption.Done();
        }

        if (o.Object("ledger", "a ledger policy") is { } ledger)
        {
            builder.WithLedger(new LedgerPolicy
            {
                Shortfall = ledger.Enum<RefundShortfall>("shortfall") ?? LedgerPolicy.Default.Shortfall,
                Retention = ledger.Period("retention") ?? LedgerPolicy.Default.Retention,
                RefundWindow = ledger.Period("refundWindow") ?? LedgerPolicy.Default.RefundWindow,
            });
            ledger.Done();
        }

        if (o.Object("spendReward", "a spend reward") is { } reward)
        {
            builder.WithSpendReward(new SpendReward
            {
                Step = reward.Decimal("step", required: true) ?? 0m,
                RewardValue = reward.Decimal("rewardValue", required: true) ?? 0m,
                Name = reward.String("name") ?? "spend reward",
            });
            reward.Done();
        }

        if (o.Object("lifecycle", "a lifecycle policy") is { } lifecycle)
        {
            var defaults = new LifecyclePolicy();
            builder.WithLifecycle(new LifecyclePolicy
            {
                NewForDays = lifecycle.Int("newForDays") ?? defaults.NewForDays,
                AtRiskAfterDays = lifecycle.Int("atRiskAfterDays") ?? defaults.AtRiskAfterDays,
                DormantAfterDays = lifecycle.Int("dormantAfterDays") ?? defaults.DormantAfterDays,
                ReactivatedForDays = lifecycle.Int("reactivatedForDays") ?? defaults.ReactivatedForDays,
            });
            lifecycle.Done();
        }

        if (o.Object("dividend", "a dividend policy") is { } dividend)
        {
            builder.WithDividend(new DividendPolicy { Period = dividend.Enum<CalendarPeriod>("period") ?? CalendarPeriod.Year, Share = dividend.Decimal("share", required: true) ?? 0m });
            dividend.Done();
        }

        if (o.Object("tierLadder", "a tier ladder") is { } ladder)
        {
            builder.WithTierLadder(Ladder(ladder));
        }

        if (o.Object("referral", "a referral policy") is { } referral)
        {
            builder.WithReferral(Referral(referral));
        }

        if (o.Object("fraud", "a fraud policy") is { } fraud)
        {
            builder.WithFraud(Fraud(fraud));
        }

        if (o.Object("lint", "a lint policy") is { } lint)
        {
            builder.WithLint(new LintPolicy { MaxStackedMultiplier = lint.Decimal("maxStackedMultiplier") });
            lint.Done();
        }

        o.Done();
        return Build(builder);
    }

    /// <summary>Builds, adding what the program's validation finds to the format's problems (once per path).</summary>
    private LoyaltyProgram Build(LoyaltyProgramBuilder builder)
    {
        try
        {
            var program = builder.Build();
            if (problems.Count == 0)
            {
                return program;
            }
        }
        catch (ProgramValidationException e)
        {
            var reported = problems.Select(p => p.Path).ToHashSet(StringComparer.Ordinal);
            problems.AddRange(e.Problems.Select(p => new ValidationProblem("$." + p.Path, p.Reason)).Where(p => !reported.Contains(p.Path)));
        }
        catch (Exception e) when (e is ArgumentException or OverflowException or InvalidOperationException)
        {
            problems.Add(new("$", $"the program cannot be built: {e.Message}"));
        }

        throw new ProgramDefinitionException(problems);
    }

    private DateTimeZone? TimeZone(JsonObjectReader o)
    {
        string? id = o.String("timeZone", required: true);
        if (id is null)
        {
            return null;
        }

        var zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(id);
        if (zone is null)
        {
            Fail(o.Path + ".timeZone", $"'{id}' is not a known IANA time zone (e.g. \"America/New_York\").");
        }

        return zone;
    }

    internal EarnPolicy Earn(JsonElement element, string path)
    {
        var o = Obj(element, path, "an earn rule");
        if (o is null)
        {
            return Placeholder(path);
        }

        string? kind = o.String("kind", required: true);
        string id = o.String("id") ?? "";
        var when = o.Object("when", "a condition") is { } w ? Condition(w) : null;
        string? description = o.String("description");
        int priority = o.Int("priority") ?? 0;
        bool stackable = o.Bool("stackable") ?? false;
        string? fundedBy = o.String("fundedBy");
        if (kind is null || EarnKinds.Named(kind) is not { } earnKind)
        {
            if (kind is not null)
            {
                Fail(path + ".kind", $"'{kind}' is not an earn rule kind; the kinds are {EarnKinds.Names}.");
            }

            o.SkipRest();
            return Placeholder(path, id);
        }

        var policy = earnKind.Read(new EarnReading(this), o, id);
        o.Done();
        return policy with { Description = description, Priority = priority, When = when, Stackable = stackable, FundedBy = fundedBy };
    }

    /// <summary>Stands in for a rule that could not be read, so the rules after it keep their paths.</summary>
    private static FixedBonus Placeholder(string path, string? id = null)
        => new() { Id = string.IsNullOrWhiteSpace(id) ? $"\u0001{path}" : id, Points = new Points(1) };

    private Condition Condition(JsonObjectReader o)
    {
        var condition = new Condition
        {
            From = o.Date("from"),
            To = o.Date("to"),
            DaysOfWeek = [.. o.Strings("daysOfWeek").Select((d, i) => DayOfWeek(d, $"{o.Path}.daysOfWeek[{i}]"))],
            Channels = o.Strings("channels"),
            Segments = o.Strings("segments"),
            Tiers = o.Strings("tiers"),
            Stores = o.Strings("stores"),
            Partners = o.Strings("partners"),
        };
        o.Done();
        return condition;
    }

    private IsoDayOfWeek DayOfWeek(string name, string path)
    {
        var days = new[] { IsoDayOfWeek.Monday, IsoDayOfWeek.Tuesday, IsoDayOfWeek.Wednesday, IsoDayOfWeek.Thursday, IsoDayOfWeek.Friday, IsoDayOfWeek.Saturday, IsoDayOfWeek.Sunday };
        foreach (var day in days)
        {
            if (ProgramJson.Name(day) == name)
            {
                return day;
            }
        }

        Fail(path, $"'{name}' is not a day of the week; use {string.Join(", ", days.Select(d => ProgramJson.Name(d)))}.");
        return IsoDayOfWeek.Monday;
    }

    private ActivityRule Activity(JsonElement element, string path)
    {
        var o = Obj(element, path, "an activity rule");
        if (o is null)
        {
            return new ActivityRule { Id = $"\u0001{path}", Activity = ActivityKind.Review, Points = new Points(1) };
        }

        var rule = new ActivityRule
        {
            Id = o.String("id") ?? "",
            Description = o.String("description"),
            Activity = o.Enum<ActivityKind>("activity", required: true) ?? ActivityKind.Review,
            CustomName = o.String("customName"),
            Points = new Points(o.Long("points", required: true) ?? 0),
            OncePerMember = o.Bool("oncePerMember") ?? false,
            When = o.Object("when", "a condition") is { } w ? Condition(w) : null,
        };
        o.Done();
        return rule;
    }

    private LotPolicy Lots(JsonObjectReader o)
    {
        var lots = new LotPolicy
        {
            PendingDays = o.Int("pendingDays") ?? 0,
            Expiry = o.Object("expiry", "an expiry policy") is { } expiry ? Expiry(expiry) : ExpiryPolicy.Never,
        };
        o.Done();
        return lots;
    }

    private ExpiryPolicy Expiry(JsonObjectReader o)
    {
        string? kind = o.String("kind", required: true);
        ExpiryPolicy expiry;
        switch (kind)
        {
            case "never":
                expiry = ExpiryPolicy.Never;
                break;
            case "fixedTerm":
                expiry = ExpiryPolicy.FixedTerm(o.Period("term", required: true) ?? NodaTime.Period.FromDays(1));
                break;
            case "endOfPeriod":
                expiry = ExpiryPolicy.EndOfPeriod(o.Enum<CalendarPeriod>("period", required: true) ?? CalendarPeriod.Year, o.Int("periodsAfter") ?? 0);
                break;
            case "inactivity":
                expiry = ExpiryPolicy.Inactivity(o.Period("inactivity", required: true) ?? NodaTime.Period.FromDays(1));
                break;
            case "earliestOf":
                var policies = o.Array("policies").Select(p => Obj(p.Element, p.Path, "an expiry policy") is { } e ? Expiry(e) : ExpiryPolicy.Never).ToArray();
                expiry = ExpiryPolicy.EarliestOf(policies.Length == 0 ? [ExpiryPolicy.Never] : policies);
                if (policies.Length == 0)
                {
                    Fail(o.Path + ".policies", "earliest-of needs at least one policy.");
                }

                break;
            default:
                if (kind is not null)
                {
                    Fail(o.Path + ".kind", $"'{kind}' is not an expiry kind; the kinds are never, fixedTerm, endOfPeriod, inactivity, earliestOf.");
                }

                o.SkipRest();
                return ExpiryPolicy.Never;
        }

        o.Done();
        return expiry;
    }

    private TierLadder Ladder(JsonObjectReader o)
    {
        var tiers = new List<TierDefinition>();
        foreach (var (element, path) in o.Array("tiers", required: true))
        {
            if (Obj(element, path, "a tier") is not { } t)
            {
                tiers.Add(new TierDefinition { Id = $"\u0001{path}" });
                continue;
            }

            var thresholds = new Dictionary<TierMetric, decimal>();
            if (t.Object("thresholds", "tier thresholds") is { } th)
            {
                foreach (var property in th.Element.EnumerateObject())
                {
                    th.Known(property.Name);
                    var metric = Lookup<TierMetric>(property.Name, $"{th.Path}.{property.Name}", "tier metric");
                    if (metric is { } m && DecimalOf(property.Value, $"{th.Path}.{property.Name}") is { } value)
                    {
                        thresholds[m] = value;
                    }
                }
            }

            tiers.Add(new TierDefinition
            {
                Id = t.String("id") ?? "",
                Thresholds = thresholds,
                Qualification = t.Enum<TierQualification>("qualification") ?? TierQualification.All,
                EarnMultiplier = t.Decimal("earnMultiplier") ?? 1m,
                Perks = t.Strings("perks"),
                BirthdayReward = new Points(t.Long("birthdayReward") ?? 0),
                Lifetime = t.Bool("lifetime") ?? false,
            });
            t.Done();
        }

        var ladder = new TierLadder
        {
            Tiers = tiers,
            Window = o.Enum<TierWindow>("window") ?? TierWindow.CalendarYear,
            KeepUntilEndOfNextWindow = o.Bool("keepUntilEndOfNextWindow") ?? true,
            GraceDays = o.Int("graceDays") ?? 0,
            DropAtMostOneTier = o.Bool("dropAtMostOneTier") ?? false,
            TierCreditsPerPoint = o.Decimal("tierCreditsPerPoint") ?? 0m,
        };
        o.Done();
        return ladder;
    }

    private ReferralPolicy Referral(JsonObjectReader o)
    {
        var q = o.Object("qualification", "a referral qualification");
        ReferralQualification qualification = ReferralQualification.OnSignUp;
        if (q is not null)
        {
            var trigger = q.Enum<ReferralTrigger>("trigger", required: true) ?? ReferralTrigger.SignUp;
            if (trigger != ReferralTrigger.SignUp)
            {
                decimal minimum = q.Decimal("minimumSpend", required: true) ?? 0m;
                int days = q.Int("withinDays", required: true) ?? 1;
                qualification = trigger == ReferralTrigger.FirstPurchase ? ReferralQualification.FirstPurchase(minimum, days) : ReferralQualification.AnyPurchase(minimum, days);
            }

            q.Done();
        }

        var policy = new ReferralPolicy
        {
            Id = o.String("id") ?? "referral",
            Referrer = o.Object("referrer", "a referral reward") is { } referrer ? Reward(referrer) : null,
            Referee = o.Object("referee", "a referral reward") is { } referee ? Reward(referee) : null,
            Ladder = [.. o.Array("ladder").Select(s => Obj(s.Element, s.Path, "a ladder step") is { } step ? Step(step) : new ReferralStep(1, 1))],
            Window = o.Enum<CalendarPeriod>("window") ?? CalendarPeriod.Year,
            MaxReferralsPerWindow = o.Int("maxReferralsPerWindow"),
            MaxPointsPerWindow = o.Long("maxPointsPerWindow"),
            Qualification = qualification,
            ExpectedLifetimeValue = o.Decimal("expectedLifetimeValue"),
            MaxShareOfLifetimeValue = o.Decimal("maxShareOfLifetimeValue"),
        };
        o.Done();
        return policy;
    }

    private ReferralReward Reward(JsonObjectReader o)
    {
        var reward = o.Has("name")
            ? ReferralReward.Named(o.String("name") ?? "", o.Decimal("value", required: true) ?? 0m)
            : ReferralReward.OfPoints(o.Long("points", required: true) ?? 0);
        o.Done();
        return reward;
    }

    private static ReferralStep Step(JsonObjectReader o)
    {
        var step = new ReferralStep(o.Int("from", required: true) ?? 1, o.Long("points", required: true) ?? 0);
        o.Done();
        return step;
    }

    private FraudPolicy Fraud(JsonObjectReader o)
    {
        HoldReview? review = null;
        if (o.Object("review", "a hold review") is { } r)
        {
            review = new HoldReview(r.Int("days", required: true) ?? 0, r.Enum<HoldResolution>("atDeadline", required: true) ?? HoldResolution.Void);
            r.Done();
        }

        var checks = o.Array("checks").Select(c => Check(c.Element, c.Path)).ToImmutableArray();
        o.Done();
        return new FraudPolicy { Checks = checks, Review = review };
    }

    private FraudCheck Check(JsonElement element, string path)
    {
        var o = Obj(element, path, "a fraud check");
        if (o is null)
        {
            return new DuplicateTransaction { Id = $"\u0001{path}" };
        }

        string? kind = o.String("kind", required: true);
        FraudCheck check;
        switch (kind)
        {
            case "pointsCeiling":
                check = new PointsCeiling(o.Long("maxPoints", required: true) ?? 0);
                break;
            case "spendCeiling":
                check = new SpendCeiling(o.Decimal("maxSpend", required: true) ?? 0m);
                break;
            case "velocity":
                check = new Velocity(o.Duration("window", required: true) ?? NodaTime.Duration.FromHours(1)) { MaxPurchases = o.Int("maxPurchases"), MaxPoints = o.Long("maxPoints") };
                break;
            case "redemptionVelocity":
                check = new RedemptionVelocity(o.Duration("window", required: true) ?? NodaTime.Duration.FromHours(1), o.Int("maxRedemptions", required: true) ?? 0);
                break;
            case "newMemberEarning":
                check = new NewMemberEarning(o.Int("days", required: true) ?? 0, o.Long("maxPoints", required: true) ?? 0);
                break;
            case "duplicateTransaction":
                check = new DuplicateTransaction();
                break;
            case "selfReferral":
                var actions = new SelfReferral().Actions;
                if (o.Object("actions", "actions per fingerprint kind") is { } a)
                {
                    actions = actions.Clear();
                    foreach (var property in a.Element.EnumerateObject())
                    {
                        a.Known(property.Name);
                        var fingerprint = Lookup<FingerprintKind>(property.Name, $"{a.Path}.{property.Name}", "fingerprint kind");
                        var action = property.Value.ValueKind == JsonValueKind.String
                            ? Lookup<FraudAction>(property.Value.GetString()!, $"{a.Path}.{property.Name}", "fraud action")
                            : Wrong<FraudAction>($"{a.Path}.{property.Name}", "a fraud action (\"hold\" or \"reject\")", property.Value);
                        if (fingerprint is { } f && action is { } act)
                        {
                            actions = actions.SetItem(f, act);
                        }
                    }
                }

                check = new SelfReferral { Actions = actions };
                break;
            case "referralFingerprintVelocity":
                check = new ReferralFingerprintVelocity(o.Int("maxReferrals", required: true) ?? 0);
                break;
            default:
                if (kind is not null)
                {
                    Fail(path + ".kind", $"'{kind}' is not a fraud check kind; the kinds are {string.Join(", ", ProgramJson.FraudKinds.Keys.Order(StringComparer.Ordinal))}.");
                }

                o.SkipRest();
                return new DuplicateTransaction { Id = o.String("id") ?? $"\u0001{path}" };
        }

        check = check with { Id = o.String("id") ?? check.Id, Action = o.Enum<FraudAction>("action") ?? check.Action };
        o.Done();
        return check;
    }

    internal void Fail(string path, string reason) => problems.Add(new ValidationProblem(path, reason));

    internal JsonObjectReader? Obj(JsonElement element, string path, string what)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            Fail(path, $"must be {what} (a JSON object), was {Describe(element)}.");
            return null;
        }

        return new JsonObjectReader(this, element, path, what);
    }

    internal TEnum? Lookup<TEnum>(string name, string path, string what)
        where TEnum : struct, Enum
    {
        foreach (var value in Enum.GetValues<TEnum>())
        {
            if (ProgramJson.Name(value) == name)
            {
                return value;
            }
        }

        Fail(path, $"'{name}' is not a {what}; use {string.Join(", ", ProgramJson.Names<TEnum>())}.");
        return null;
    }

    internal T? Wrong<T>(string path, string expected, JsonElement element)
        where T : struct
    {
        Fail(path, $"must be {expected}, was {Describe(element)}.");
        return null;
    }

    internal decimal? DecimalOf(JsonElement element, string path)
    {
        // Numbers and strings both parse exactly as decimal, keeping the scale they are written with ("35.00").
        if (element.ValueKind == JsonValueKind.Number && decimal.TryParse(element.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        if (element.ValueKind == JsonValueKind.String && decimal.TryParse(element.GetString(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var text))
        {
            return text;
        }

        return Wrong<decimal>(path, "a decimal number (a JSON number, or a string such as \"35.00\")", element);
    }

    internal static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => $"the string \"{Truncate(element.GetString() ?? "")}\"",
        JsonValueKind.Number => $"the number {Truncate(element.GetRawText())}",
        JsonValueKind.True or JsonValueKind.False => element.GetRawText(),
        _ => "null",
    };

    internal static string Truncate(string text) => text.Length <= 40 ? text : text[..40] + "...";
}
