using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using NodaTime;

namespace Loyalty.Rules;

/// <summary>
/// Reads the JSON program format with a <see cref="JsonDocument"/>, by hand (no reflection), and keeps going after a
/// problem: a bad value is reported with its JSON path and replaced by a harmless default, so one load lists every
/// problem of the file, those of the format and those the program's own validation finds.
/// </summary>
internal sealed partial class ProgramJsonReader
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

        _ = o.String("$schema"); // an editor's reference to the JSON Schema: allowed, never part of the program
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
                ValidForDays = reward.Int("validForDays"),
            });
            reward.Done();
        }

        foreach (var (element, path) in o.Array("rewards"))
        {
            if (Obj(element, path, "a catalog reward") is { } catalogReward)
            {
                builder.AddReward(CatalogReward(catalogReward));
            }
        }

        if (o.Object("reminders", "a reminder policy") is { } reminders)
        {
            builder.WithReminders(Reminders(reminders));
        }

        Games(o, builder);
        Transfers(o, builder);

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
            builder.WithDividend(new DividendPolicy
            {
                Period = dividend.Enum<CalendarPeriod>("period") ?? CalendarPeriod.Year,
                Share = dividend.Decimal("share", required: true) ?? 0m,
                PaidIn = dividend.Enum<DividendPayment>("paidIn") ?? DividendPayment.Points,
                Tiers = [.. dividend.Strings("tiers")],
            });
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
            problems.AddRange(e.Problems.Select(p => p.Under("$.")).Where(p => !reported.Contains(p.Path)));
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
