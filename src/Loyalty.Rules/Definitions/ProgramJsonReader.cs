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

    private DateTimeZone? TimeZone(Reader o)
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

    private EarnPolicy Earn(JsonElement element, string path)
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
        EarnPolicy policy;
        switch (kind)
        {
            case "rate":
                policy = new EarnRate
                {
                    Id = id,
                    PointsPerUnit = o.Decimal("pointsPerUnit", required: true) ?? 0m,
                    CategoryRates = o.Decimals("categoryRates"),
                    SkuRates = o.Decimals("skuRates"),
                    PerWholeUnit = o.Bool("perWholeUnit") ?? false,
                };
                break;
            case "spendThresholdBonus":
                policy = new SpendThresholdBonus { Id = id, MinimumSpend = o.Decimal("minimumSpend", required: true) ?? 0m, Points = new Points(o.Long("points", required: true) ?? 0) };
                break;
            case "fixedBonus":
                policy = new FixedBonus { Id = id, Points = new Points(o.Long("points", required: true) ?? 0) };
                break;
            case "firstPurchaseBonus":
                policy = new FirstPurchaseBonus { Id = id, Points = new Points(o.Long("points", required: true) ?? 0) };
                break;
            case "reactivationBonus":
                policy = new ReactivationBonus { Id = id, Points = new Points(o.Long("points", required: true) ?? 0) };
                break;
            case "birthdayReward":
                policy = new BirthdayReward
                {
                    Id = id,
                    Window = o.Enum<BirthdayWindow>("window") ?? BirthdayWindow.Day,
                    Points = new Points(o.Long("points") ?? 0),
                    Factor = o.Decimal("factor"),
                };
                break;
            case "surpriseBonus":
                policy = new SurpriseBonus { Id = id, Points = new Points(o.Long("points", required: true) ?? 0), Odds = o.Decimal("odds", required: true) ?? 1m };
                break;
            case "targetedOffer":
                policy = Offer(o, id);
                break;
            case "cap":
                policy = new TransactionCap { Id = id, MaxPoints = new Points(o.Long("maxPoints", required: true) ?? 0) };
                break;
            case "multiplier":
                policy = new Multiplier { Id = id, Factor = o.Decimal("factor", required: true) ?? 0m, Categories = o.Strings("categories"), Skus = o.Strings("skus") };
                break;
            case "percentageBonus":
                policy = new PercentageBonus { Id = id, Percent = o.Decimal("percent", required: true) ?? 0m, Categories = o.Strings("categories"), Skus = o.Strings("skus") };
                break;
            case "tierAccelerator":
                policy = new TierAccelerator { Id = id, Factors = o.Decimals("factors") };
                break;
            case "tenureAccelerator":
                policy = new TenureAccelerator
                {
                    Id = id,
                    Steps = [.. o.Array("steps", required: true).Select(s => Obj(s.Element, s.Path, "a tenure step") is { } step ? TenureStepOf(step) : new TenureStep(1, 1m))],
                };
                break;
            case "tierCredits":
                policy = new TierCreditRule { Id = id, CreditsPerUnit = o.Decimal("creditsPerUnit") ?? 0m, FixedCredits = new Points(o.Long("fixedCredits") ?? 0) };
                break;
            case "group":
                policy = new PolicyGroup
                {
                    Id = id,
                    Composition = o.Enum<Composition>("composition", required: true) ?? Composition.Sum,
                    Policies = [.. o.Array("policies").Select(p => Earn(p.Element, p.Path))],
                };
                break;
            default:
                if (kind is not null)
                {
                    Fail(path + ".kind", $"'{kind}' is not an earn rule kind; the kinds are {string.Join(", ", ProgramJson.EarnKinds.Keys.Order(StringComparer.Ordinal))}.");
                }

                o.SkipRest();
                return Placeholder(path, id);
        }

        o.Done();
        return policy with { Description = description, Priority = priority, When = when, Stackable = stackable, FundedBy = fundedBy };
    }

    private TargetedOffer Offer(Reader o, string id)
    {
        OfferLimit? limit = null;
        if (o.Object("limit", "an offer limit") is { } l)
        {
            limit = new OfferLimit(l.Int("times", required: true) ?? 1, l.Enum<CalendarPeriod>("window"));
            l.Done();
        }

        CampaignBudget? budget = null;
        if (o.Object("budget", "a campaign budget") is { } b)
        {
            budget = new CampaignBudget(new Points(b.Long("points", required: true) ?? 1), b.Bool("allowPartial") ?? false);
            b.Done();
        }

        return new TargetedOffer
        {
            Id = id,
            StartsAt = o.Instant("startsAt", required: true) ?? NodaTime.Instant.MinValue,
            EndsAt = o.Instant("endsAt", required: true) ?? NodaTime.Instant.MaxValue,
            Points = new Points(o.Long("points") ?? 0),
            Factor = o.Decimal("factor"),
            MinSpend = o.Decimal("minSpend") ?? 0m,
            Limit = limit,
            Budget = budget,
        };
    }

    /// <summary>Stands in for a rule that could not be read, so the rules after it keep their paths.</summary>
    private static FixedBonus Placeholder(string path, string? id = null)
        => new() { Id = string.IsNullOrWhiteSpace(id) ? $"\u0001{path}" : id, Points = new Points(1) };

    private Condition Condition(Reader o)
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

    private LotPolicy Lots(Reader o)
    {
        var lots = new LotPolicy
        {
            PendingDays = o.Int("pendingDays") ?? 0,
            Expiry = o.Object("expiry", "an expiry policy") is { } expiry ? Expiry(expiry) : ExpiryPolicy.Never,
        };
        o.Done();
        return lots;
    }

    private ExpiryPolicy Expiry(Reader o)
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

    private TierLadder Ladder(Reader o)
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

    private ReferralPolicy Referral(Reader o)
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

    private ReferralReward Reward(Reader o)
    {
        var reward = o.Has("name")
            ? ReferralReward.Named(o.String("name") ?? "", o.Decimal("value", required: true) ?? 0m)
            : ReferralReward.OfPoints(o.Long("points", required: true) ?? 0);
        o.Done();
        return reward;
    }

    private static TenureStep TenureStepOf(Reader o)
    {
        var step = new TenureStep(o.Int("years", required: true) ?? 1, o.Decimal("factor", required: true) ?? 1m);
        o.Done();
        return step;
    }

    private static ReferralStep Step(Reader o)
    {
        var step = new ReferralStep(o.Int("from", required: true) ?? 1, o.Long("points", required: true) ?? 0);
        o.Done();
        return step;
    }

    private FraudPolicy Fraud(Reader o)
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

    private void Fail(string path, string reason) => problems.Add(new ValidationProblem(path, reason));

    private Reader? Obj(JsonElement element, string path, string what)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            Fail(path, $"must be {what} (a JSON object), was {Describe(element)}.");
            return null;
        }

        return new Reader(this, element, path, what);
    }

    private TEnum? Lookup<TEnum>(string name, string path, string what)
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

    private T? Wrong<T>(string path, string expected, JsonElement element)
        where T : struct
    {
        Fail(path, $"must be {expected}, was {Describe(element)}.");
        return null;
    }

    private decimal? DecimalOf(JsonElement element, string path)
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

    private static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => $"the string \"{Truncate(element.GetString() ?? "")}\"",
        JsonValueKind.Number => $"the number {Truncate(element.GetRawText())}",
        JsonValueKind.True or JsonValueKind.False => element.GetRawText(),
        _ => "null",
    };

    private static string Truncate(string text) => text.Length <= 40 ? text : text[..40] + "...";

    /// <summary>Reads one JSON object: typed properties with their paths, and every property it did not expect.</summary>
    private sealed class Reader(ProgramJsonReader owner, JsonElement element, string path, string what)
    {
        private readonly HashSet<string> known = new(StringComparer.Ordinal);
        private bool skipRest;

        public JsonElement Element => element;

        public string Path => path;

        public void Known(string name) => known.Add(name);

        public bool Has(string name) => element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null;

        /// <summary>After an unknown kind, its other properties are not reported one by one.</summary>
        public void SkipRest() => skipRest = true;

        public void Done()
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in element.EnumerateObject())
            {
                if (!seen.Add(property.Name))
                {
                    owner.Fail($"{path}.{property.Name}", "appears twice.");
                }
                else if (!skipRest && !known.Contains(property.Name))
                {
                    owner.Fail($"{path}.{property.Name}", $"is not a property of {what}.");
                }
            }
        }

        public string? String(string name, bool required = false)
            => Get(name, required, JsonValueKind.String, "a string") is { } v ? v.GetString() : null;

        public bool? Bool(string name)
        {
            known.Add(name);
            if (!element.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            return v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : owner.Wrong<bool>($"{path}.{name}", "true or false", v);
        }

        public decimal? Decimal(string name, bool required = false)
            => Get(name, required, null, null) is { } v ? owner.DecimalOf(v, $"{path}.{name}") : null;

        public long? Long(string name, bool required = false)
            => Get(name, required, null, null) is { } v
                ? v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out long l) ? l : owner.Wrong<long>($"{path}.{name}", "a whole number", v)
                : null;

        public int? Int(string name, bool required = false)
            => Get(name, required, null, null) is { } v
                ? v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int i) ? i : owner.Wrong<int>($"{path}.{name}", "a whole number (32-bit)", v)
                : null;

        public TEnum? Enum<TEnum>(string name, bool required = false)
            where TEnum : struct, Enum
            => String(name, required) is { } text ? owner.Lookup<TEnum>(text, $"{path}.{name}", ProgramJson.Camel(typeof(TEnum).Name)) : null;

        public LocalDate? Date(string name)
            => TryParse(name, LocalDatePattern.Iso, "an ISO date (\"2026-03-10\")", false, out var date) ? date : null;

        public Instant? Instant(string name, bool required = false)
            => TryParse(name, InstantPattern.ExtendedIso, "an ISO-8601 instant (\"2026-03-10T16:00:00Z\")", required, out var instant) ? instant : null;

        public Period? Period(string name, bool required = false)
            => TryParse(name, PeriodPattern.Roundtrip, "an ISO period (\"P12M\", \"P90D\")", required, out var period) ? period : null;

        public Duration? Duration(string name, bool required = false)
        {
            var period = Period(name, required);
            if (period is null)
            {
                return null;
            }

            if (period.Years != 0 || period.Months != 0)
            {
                owner.Fail($"{path}.{name}", $"'{period}' is not exact elapsed time: use weeks, days, hours, minutes or seconds (\"PT1H\", \"P1D\").");
                return null;
            }

            return period.ToDuration();
        }

        public IReadOnlyList<string> Strings(string name)
        {
            var list = new List<string>();
            foreach (var (item, itemPath) in Array(name))
            {
                if (item.ValueKind == JsonValueKind.String)
                {
                    list.Add(item.GetString()!);
                }
                else
                {
                    owner.Wrong<int>(itemPath, "a string", item);
                }
            }

            return list;
        }

        public IReadOnlyDictionary<string, decimal> Decimals(string name)
        {
            var values = new Dictionary<string, decimal>(StringComparer.Ordinal);
            if (Object(name, "an object of decimals") is { } o)
            {
                foreach (var property in o.Element.EnumerateObject())
                {
                    o.Known(property.Name);
                    if (owner.DecimalOf(property.Value, $"{o.Path}['{property.Name}']") is { } value)
                    {
                        values[property.Name] = value;
                    }
                }

                o.Done();
            }

            return values;
        }

        public Reader? Object(string name, string of)
        {
            var v = Get(name, false, null, null);
            return v is null ? null : owner.Obj(v.Value, $"{path}.{name}", of);
        }

        public IEnumerable<(JsonElement Element, string Path)> Array(string name, bool required = false)
        {
            if (Get(name, required, JsonValueKind.Array, "an array") is not { } v)
            {
                return [];
            }

            return v.EnumerateArray().Select((item, i) => (item, $"{path}.{name}[{i}]")).ToList();
        }

        /// <summary>A string property in a NodaTime pattern: false (reported) when absent or malformed.</summary>
        private bool TryParse<T>(string name, IPattern<T> pattern, string expected, bool required, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out T value)
        {
            value = default;
            if (String(name, required) is not { } text)
            {
                return false;
            }

            var result = pattern.Parse(text);
            if (result.Success)
            {
                value = result.Value;
                return true;
            }

            owner.Fail($"{path}.{name}", $"'{Truncate(text)}' is not {expected}.");
            return false;
        }

        private JsonElement? Get(string name, bool required, JsonValueKind? kind, string? expected)
        {
            known.Add(name);
            if (!element.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
            {
                if (required)
                {
                    owner.Fail($"{path}.{name}", "is required.");
                }

                return null;
            }

            if (kind is { } k && v.ValueKind != k)
            {
                owner.Fail($"{path}.{name}", $"must be {expected}, was {Describe(v)}.");
                return null;
            }

            return v;
        }
    }
}
