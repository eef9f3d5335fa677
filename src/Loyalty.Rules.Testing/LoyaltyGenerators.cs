using System;
using System.Collections.Generic;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using NodaTime;

namespace Loyalty.Rules.Testing;

/// <summary>One case: a valid program, a transaction in its currency, and a member holding one of its tiers.</summary>
/// <param name="Program">The program.</param>
/// <param name="Transaction">A transaction in the program's currency.</param>
/// <param name="Member">A member holding one of the program's tiers, or none.</param>
public sealed record LoyaltyScenario(LoyaltyProgram Program, Transaction Transaction, MemberContext Member)
{
    /// <summary>The program's steps, the transaction and the member, for a failing property's report.</summary>
    /// <returns>The text.</returns>
    public override string ToString()
        => $"{Program} earn [{string.Join(", ", Program.Earn.Select(Describe))}] rounding {Program.Rounding}{Environment.NewLine}"
           + $"{Transaction} lines [{string.Join("; ", Transaction.Lines)}] discount {Transaction.OrderDiscount} tax {Transaction.Tax} shipping {Transaction.Shipping} points {Transaction.PaidWithPoints}{Environment.NewLine}"
           + $"member tier {Member.TierId} first {Member.IsFirstPurchase} segments [{string.Join(",", Member.Segments)}] carried {Member.CarriedFraction}";

    private static string Describe(EarnPolicy p) => p is PolicyGroup g ? $"{g.Composition}({string.Join(", ", g.Policies.Select(Describe))})" : p.ToString();
}

/// <summary>
/// FsCheck generators of valid programs (every earn policy kind, groups nested two deep, conditions, caps, every
/// rounding mode, six time zones), transactions (lines, discounts, tax, shipping, points paid) and members.
/// Use <see cref="Scenarios"/> as an FsCheck arbitrary: <c>[Property(Arbitrary = [typeof(LoyaltyGenerators)])]</c>.
/// </summary>
public static partial class LoyaltyGenerators
{
    private static readonly string[] AllTiers = ["Bronze", "Silver", "Gold"];
    private static readonly string[] Categories = ["coffee", "food", "merch", "gift-card"];
    private static readonly string[] Skus = ["A", "B", "C", "D", "E"];
    private static readonly string[] Channels = ["store", "app", "web"];
    private static readonly string[] Segments = ["vip", "staff", "new"];
    private static readonly string[] Zones = ["America/New_York", "Europe/London", "Asia/Tokyo", "America/Santiago", "Australia/Lord_Howe", "UTC"];

    /// <summary>Scenarios as an FsCheck arbitrary.</summary>
    /// <returns>The arbitrary.</returns>
    public static Arbitrary<LoyaltyScenario> Scenarios() => Scenario(allowCaps: true).ToArbitrary();

    /// <summary>A valid program, a transaction and a member.</summary>
    /// <param name="allowCaps">Whether programs may end with transaction caps.</param>
    /// <returns>The generator.</returns>
    public static Gen<LoyaltyScenario> Scenario(bool allowCaps) =>
        from program in Program(allowCaps)
        from transaction in Transaction(program.Currency)
        from tallies in PeriodTallies(program, transaction.OccurredAt)
        from member in Member(program, tallies)
        select new LoyaltyScenario(program, transaction, member);

    /// <summary>A valid program in USD with 0 to 3 tiers and up to 6 earn steps (and caps, if allowed).</summary>
    /// <param name="allowCaps">Whether programs may end with transaction caps.</param>
    /// <returns>The generator.</returns>
    public static Gen<LoyaltyProgram> Program(bool allowCaps) =>
        from tierCount in Gen.Choose(0, 3)
        let tiers = AllTiers.Take(tierCount).ToArray()
        from zone in Gen.Elements(Zones)
        from excluded in SubsetOf(Categories, 4)
        from includeTax in Bool()
        from includeShipping in Bool()
        from mode in Gen.Elements(Enum.GetValues<RoundingMode>())
        from perLine in Bool()
        from carry in Bool()
        from policies in Gen.Choose(0, 6).SelectMany(n => Policy(tiers, depth: 0).ArrayOf(n))
        from caps in allowCaps ? Gen.Choose(0, 2).SelectMany(n => Cap(tiers).ArrayOf(n)) : Gen.Constant(Array.Empty<EarnPolicy>())
        select Build(
            tiers,
            zone,
            new EarningBase { ExcludedCategories = excluded, IncludeTax = includeTax, IncludeShipping = includeShipping },
            new RoundingPolicy { Mode = mode, Scope = perLine ? RoundingScope.PerLine : RoundingScope.PerTransaction, CarryFraction = carry && !perLine },
            policies.Concat(caps));

    /// <summary>A valid transaction: 1 to 8 lines, sometimes an order discount, tax, shipping and points paid.</summary>
    /// <param name="currency">Its currency.</param>
    /// <returns>The generator.</returns>
    public static Gen<Transaction> Transaction(string currency) =>
        from lines in Gen.Choose(1, 8).SelectMany(n => Line().ArrayOf(n))
        let subtotal = lines.Sum(l => l.Amount)
        from discountCents in Sometimes(Gen.Frequency((2, Gen.Choose(0, (int)Math.Min(subtotal * 100m, 100_000m))), (1, Gen.Choose(0, (int)Math.Min(subtotal * 100m, 5m)))))
        from taxCents in Sometimes(Gen.Choose(0, 2_000))
        from shippingCents in Sometimes(Gen.Choose(0, 1_500))
        let due = subtotal - (discountCents / 100m) + (taxCents / 100m) + (shippingCents / 100m)
        from pointsCents in Sometimes(Gen.Choose(0, (int)Math.Min(due * 100m, 100_000m)))
        from seconds in Gen.Choose(0, 3 * 365 * 24 * 3600)
        from channel in Gen.Elements(Channels)
        from store in Gen.Elements<string?>(null, "S1", "S2")
        from partner in Gen.Elements<string?>(null, null, "P1")
        from seed in Gen.Frequency((1, Gen.Constant<long?>(null)), (3, Gen.Choose(int.MinValue, int.MaxValue).Select(s => (long?)s * 7919)))
        select new Transaction(
            "T1",
            "M1",
            Instant.FromUtc(2025, 1, 1, 0, 0).Plus(Duration.FromSeconds(seconds)),
            currency,
            channel,
            lines,
            orderDiscount: discountCents / 100m,
            tax: taxCents / 100m,
            shipping: shippingCents / 100m,
            paidWithPoints: pointsCents / 100m,
            storeId: store,
            partnerId: partner,
            drawSeed: seed);

    /// <summary>A valid line: a known or missing category, whole or fractional quantity, sometimes a discount.</summary>
    /// <returns>The generator.</returns>
    public static Gen<TransactionLine> Line() =>
        from sku in Gen.Elements(Skus)
        from category in Gen.Elements<string?>(Categories.Append(null).ToArray())
        from quantityTenths in Gen.Frequency((4, Gen.Choose(10, 30).Select(q => q / 10 * 10)), (1, Gen.Choose(1, 25)))
        from priceCents in Gen.Frequency((2, Gen.Choose(0, 10_000)), (1, Gen.Elements(0, 100, 250, 500, 1_000, 1_750, 3_500)))
        from discounted in Gen.Frequency((4, Gen.Constant(false)), (1, Gen.Constant(true)))
        from discountShare in Gen.Choose(0, 100)
        let quantity = quantityTenths / 10m
        let price = priceCents / 100m
        let discount = discounted ? decimal.Floor(quantity * price * discountShare) / 100m : 0m
        select new TransactionLine(sku, category, quantity, price, discount);

    /// <summary>A member of the program: one of its tiers or none, segments, a carried fraction.</summary>
    /// <param name="program">The program.</param>
    /// <returns>The generator.</returns>
    public static Gen<MemberContext> Member(LoyaltyProgram program) => Member(program, null);

    private static Gen<MemberContext> Member(LoyaltyProgram program, PeriodTallies? tallies) =>
        from tier in Gen.Elements(program.Tiers.Cast<string?>().Append(null).ToArray())
        from first in Bool()
        from segments in SubsetOf(Segments, 3)
        from carriedHundredths in Gen.Choose(-99, 99)
        from enrolled in Gen.Frequency((1, Gen.Constant<LocalDate?>(null)), (3, Gen.Choose(0, 12 * 365).Select(d => (LocalDate?)new LocalDate(2016, 2, 29).PlusDays(d))))
        from born in Gen.Frequency((1, Gen.Constant<AnnualDate?>(null)), (1, Gen.Constant<AnnualDate?>(new AnnualDate(2, 29))), (4, Gen.Choose(0, 365).Select(d => (AnnualDate?)new AnnualDate(new LocalDate(2024, 1, 1).PlusDays(d).Month, new LocalDate(2024, 1, 1).PlusDays(d).Day))))
        from paidYear in Gen.Elements<int?>(null, null, 2025, 2026, 2027)
        from back in Gen.Frequency((4, Gen.Constant(false)), (1, Gen.Constant(true)))
        from used in Gen.Choose(0, 12).Select(r => $"r{r}").ArrayOf().Select(ids => ids.Distinct().ToArray())
        from counts in Gen.Choose(1, 3).ArrayOf(13)
        select new MemberContext("M1", tier, first, enrolled, born, segments, carriedHundredths / 100m, paidYear, isReactivation: back,
            offerUses: used.Select((id, i) => new OfferUse(id, LocalDate.MinIsoValue, counts[i])), periodTallies: tallies);

    private static Gen<EarnPolicy> Policy(string[] tiers, int depth)
    {
        var leaves = new List<(int, Gen<EarnPolicy>)>
        {
            (5, Rate(tiers)),
            (2, Threshold(tiers)),
            (2, Fixed(tiers)),
            (1, FirstPurchase(tiers)),
            (3, Multiplier(tiers)),
            (2, Percentage(tiers)),
            (1, TierCredits(tiers)),
            (1, Tenure(tiers)),
            (1, Surprise(tiers)),
            (1, Birthday(tiers)),
            (1, Reactivation(tiers)),
            (2, Offer(tiers)),
        };
        if (tiers.Length > 0)
        {
            leaves.Add((2, Accelerator(tiers)));
        }

        if (depth < 2)
        {
            leaves.Add((2, Group(tiers, depth + 1)));
        }

        return Gen.Frequency(leaves.ToArray());
    }

    private static Gen<EarnPolicy> Rate(string[] tiers) =>
        from baseRate in Rate()
        from categoryRates in RatesFor(Categories)
        from skuRates in RatesFor(Skus)
        from perWhole in Gen.Frequency((4, Gen.Constant(false)), (1, Gen.Constant(true)))
        from when in Condition(tiers)
        select (EarnPolicy)new EarnRate { Id = "_", PointsPerUnit = baseRate, CategoryRates = categoryRates, SkuRates = skuRates, PerWholeUnit = perWhole, When = when };

    private static Gen<EarnPolicy> Threshold(string[] tiers) =>
        from minimum in Gen.Frequency((1, Gen.Choose(0, 20_000)), (1, Gen.Elements(0, 500, 1_000, 2_000, 3_500, 5_000)))
        from points in Gen.Choose(1, 500)
        from when in Condition(tiers)
        select (EarnPolicy)new SpendThresholdBonus { Id = "_", MinimumSpend = minimum / 100m, Points = new Points(points), When = when };

    private static Gen<EarnPolicy> Fixed(string[] tiers) =>
        from points in Gen.Choose(1, 500)
        from priority in Gen.Choose(-2, 2)
        from when in Condition(tiers)
        select (EarnPolicy)new FixedBonus { Id = "_", Points = new Points(points), Priority = priority, When = when };

    private static Gen<EarnPolicy> FirstPurchase(string[] tiers) =>
        from points in Gen.Choose(1, 500)
        from when in Condition(tiers)
        select (EarnPolicy)new FirstPurchaseBonus { Id = "_", Points = new Points(points), When = when };

    private static Gen<EarnPolicy> Multiplier(string[] tiers) =>
        from factor in Gen.Choose(0, 400)
        from categories in SubsetOf(Categories, 2)
        from skus in SubsetOf(Skus, 2)
        from priority in Gen.Choose(-2, 2)
        from when in Condition(tiers)
        select (EarnPolicy)new Multiplier { Id = "_", Factor = factor / 100m, Categories = categories, Skus = skus, Priority = priority, When = when };

    private static Gen<EarnPolicy> Percentage(string[] tiers) =>
        from percent in Gen.Choose(0, 100)
        from categories in SubsetOf(Categories, 2)
        from when in Condition(tiers)
        select (EarnPolicy)new PercentageBonus { Id = "_", Percent = percent, Categories = categories, When = when };

    private static Gen<EarnPolicy> Accelerator(string[] tiers) =>
        from named in SubsetOf(tiers, tiers.Length).Where(t => t.Length > 0)
        from factors in Gen.Choose(100, 300).ArrayOf(named.Length)
        from when in Condition(tiers)
        select (EarnPolicy)new TierAccelerator { Id = "_", Factors = named.Zip(factors).ToDictionary(x => x.First, x => x.Second / 100m), When = when };

    private static Gen<EarnPolicy> Reactivation(string[] tiers) =>
        from points in Gen.Choose(1, 500)
        from when in Condition(tiers)
        select (EarnPolicy)new ReactivationBonus { Id = "_", Points = new Points(points), When = when };

    private static Gen<EarnPolicy> Offer(string[] tiers) =>
        from startDay in Gen.Choose(0, 3 * 365)
        from hours in Gen.Choose(1, 400 * 24)
        from usesFactor in Gen.Frequency((3, Gen.Constant(false)), (1, Gen.Constant(true)))
        from points in Gen.Choose(1, 500)
        from factor in Gen.Choose(101, 300)
        from minSpend in Gen.Elements(0m, 0m, 10m, 25.50m)
        from times in Gen.Choose(0, 3)
        from window in Gen.Elements<CalendarPeriod?>(null, CalendarPeriod.Day, CalendarPeriod.Week, CalendarPeriod.Month, CalendarPeriod.Quarter, CalendarPeriod.Year)
        from budget in Gen.Frequency((2, Gen.Constant(0)), (1, Gen.Choose(1, 5_000)))
        from partial in Bool()
        from when in Condition(tiers)
        let start = Instant.FromUtc(2025, 1, 1, 0, 0).Plus(Duration.FromDays(startDay))
        select (EarnPolicy)new TargetedOffer
        {
            Id = "_",
            StartsAt = start,
            EndsAt = start.Plus(Duration.FromHours(hours)),
            Points = usesFactor ? default : new Points(points),
            Factor = usesFactor ? factor / 100m : null,
            MinimumSpend = minSpend,
            Limit = times == 0 ? null : new OfferLimit(times, window),
            Budget = budget == 0 ? null : new CampaignBudget(new Points(budget), partial),
            When = when,
        };

    /// <summary>A budgeted offer cannot be a best-of member (its worth depends on the host's grant): such members lose their budget.</summary>
    private static EarnPolicy WithoutBudgets(EarnPolicy policy) => policy switch
    {
        TargetedOffer offer => offer with { Budget = null },
        PolicyGroup group => group with { Policies = [.. group.Policies.Select(WithoutBudgets)] },
        _ => policy,
    };

    private static Gen<EarnPolicy> Birthday(string[] tiers) =>
        from window in Gen.Elements(Enum.GetValues<BirthdayWindow>())
        from usesFactor in Bool()
        from points in Gen.Choose(1, 500)
        from factor in Gen.Choose(100, 300)
        from when in Condition(tiers)
        select (EarnPolicy)new BirthdayReward
        {
            Id = "_",
            Window = window,
            Points = usesFactor ? default : new Points(points),
            Factor = usesFactor ? factor / 100m : null,
            When = when,
        };

    private static Gen<EarnPolicy> Surprise(string[] tiers) =>
        from points in Gen.Choose(1, 500)
        from oddsPercent in Gen.Choose(25, 100)
        from when in Condition(tiers)
        select (EarnPolicy)new SurpriseBonus { Id = "_", Points = new Points(points), Odds = oddsPercent / 100m, When = when };

    private static Gen<EarnPolicy> Tenure(string[] tiers) =>
        from count in Gen.Choose(1, 3)
        from gaps in Gen.Choose(1, 3).ArrayOf(count)
        from factors in Gen.Choose(90, 200).ArrayOf(count)
        from when in Condition(tiers)
        select (EarnPolicy)new TenureAccelerator
        {
            Id = "_",
            Steps = [.. gaps.Select((g, i) => new TenureStep(gaps.Take(i + 1).Sum(), factors[i] / 100m))],
            When = when,
        };

    private static Gen<EarnPolicy> TierCredits(string[] tiers) =>
        from perUnitTenths in Gen.Choose(0, 30)
        from fixedCredits in Gen.Choose(1, 50)
        from when in Condition(tiers)
        select (EarnPolicy)new TierCreditRule { Id = "_", CreditsPerUnit = perUnitTenths / 10m, FixedCredits = new Points(fixedCredits), When = when };

    private static Gen<EarnPolicy> Group(string[] tiers, int depth) =>
        from composition in Gen.Elements(Enum.GetValues<Composition>())
        from members in Gen.Choose(1, 3).SelectMany(n => Policy(tiers, depth).ArrayOf(n))
        from when in Condition(tiers)
        select (EarnPolicy)new PolicyGroup
        {
            Id = "_",
            Composition = composition,
            Policies = composition == Composition.BestOf ? [.. members.Select(WithoutBudgets)] : members,
            When = when,
        };

    private static Gen<EarnPolicy> Cap(string[] tiers) => Gen.Frequency(
        (3, from max in Gen.Choose(0, 3_000)
            from when in Condition(tiers)
            select (EarnPolicy)new TransactionCap { Id = "_", MaxPoints = new Points(max), When = when }),
        (1, from max in Gen.Choose(0, 5_000)
            from period in Gen.Elements(Enum.GetValues<CalendarPeriod>())
            select (EarnPolicy)new MemberPeriodCap { Id = "_", MaxPoints = new Points(max), Period = period }));

    private static Gen<Condition?> Condition(string[] tiers) =>
        from present in Gen.Frequency((3, Gen.Constant(false)), (2, Gen.Constant(true)))
        from fromDay in Sometimes(Gen.Choose(0, 3 * 365))
        from length in Gen.Choose(0, 400)
        from hasTo in Bool()
        from days in SubsetOf(Enum.GetValues<IsoDayOfWeek>().Where(d => d != IsoDayOfWeek.None).ToArray(), 7)
        from channels in SubsetOf(Channels, 2)
        from segments in SubsetOf(Segments, 2)
        from tierList in SubsetOf(tiers, 2)
        from stores in SubsetOf(["S1", "S2"], 1)
        from partners in SubsetOf(["P1"], 1)
        let start = new LocalDate(2025, 1, 1).PlusDays(fromDay)
        select present
            ? new Condition
            {
                From = fromDay == 0 ? null : start,
                To = hasTo ? start.PlusDays(length) : null,
                DaysOfWeek = days,
                Channels = channels,
                Segments = segments,
                Tiers = tierList,
                Stores = stores,
                Partners = partners,
            }
            : null;

    private static Gen<decimal> Rate() => Gen.Frequency((3, Gen.Choose(0, 10).Select(r => (decimal)r)), (2, Gen.Choose(0, 1000).Select(r => r / 100m)));

    private static Gen<Dictionary<string, decimal>> RatesFor(string[] keys) =>
        from chosen in SubsetOf(keys, 2)
        from rates in Rate().ArrayOf(chosen.Length)
        select chosen.Zip(rates).ToDictionary(x => x.First, x => x.Second, StringComparer.Ordinal);

    /// <summary>Up to <paramref name="most"/> distinct items, usually none.</summary>
    private static Gen<string[]> SubsetOf(string[] items, int most) => SubsetOf<string>(items, most);

    private static Gen<T[]> SubsetOf<T>(T[] items, int most) =>
        items.Length == 0
            ? Gen.Constant(Array.Empty<T>())
            : Gen.Frequency(
                (2, Gen.Constant(Array.Empty<T>())),
                (1, Gen.Shuffle(items).SelectMany(shuffled => Gen.Choose(1, Math.Min(most, items.Length)).Select(n => shuffled.Take(n).ToArray()))));

    private static Gen<bool> Bool() => Gen.Elements(false, true);

    private static Gen<int> Sometimes(Gen<int> gen) => Gen.Frequency((2, Gen.Constant(0)), (1, gen));

    private static LoyaltyProgram Build(string[] tiers, string zone, EarningBase earningBase, RoundingPolicy rounding, IEnumerable<EarnPolicy> policies)
    {
        int next = 0;
        EarnPolicy Named(EarnPolicy p) => p is PolicyGroup g
            ? g with { Id = $"r{next++}", Policies = g.Policies.Select(Named).ToArray() }
            : p with { Id = $"r{next++}" };

        var builder = new LoyaltyProgramBuilder("generated", "USD", DateTimeZoneProviders.Tzdb[zone])
            .WithTiers(tiers)
            .WithEarningBase(earningBase)
            .WithRounding(rounding);
        foreach (var policy in policies)
        {
            builder.AddPolicy(Named(policy));
        }

        return builder.Build();
    }
}
