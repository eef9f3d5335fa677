using System;
using System.Collections.Generic;
using System.Linq;

namespace Loyalty.Rules.Accrual;

/// <summary>
/// The compiled, executable form of one <see cref="EarnPolicy"/>. <see cref="Apply"/> acts only when the step's
/// condition holds; it returns whether it acted, and writes its item to the sink when the sink is on.
/// </summary>
internal abstract class Step(EarnPolicy policy, CompileContext context)
{
    private readonly CompiledCondition? when = CompiledCondition.Create(policy.When, context);

    public string Id { get; } = policy.Id;

    public int Priority { get; } = policy.Priority;

    protected string Label { get; } = policy.Label;

    /// <summary>A reason for explanations: the step's own words, then its condition, e.g. "+10 app-bonus (channel app)".</summary>
    protected static string Explain(EarnPolicy policy, string reason)
        => policy.When?.Describe() is { Length: > 0 } condition ? $"{reason} ({condition})" : reason;

    public bool Holds(in Occasion o) => when is null || when.Matches(o);

    public abstract bool Apply(in Occasion o, ref Basket b, ref ItemSink sink);
}

/// <summary>Points per currency unit, the most specific rate winning: sku, then category, then base.</summary>
internal sealed class RateStep(EarnRate rate, CompileContext context) : Step(rate, context)
{
    private readonly decimal baseRate = rate.PointsPerUnit;
    private readonly decimal?[]? skuRates = context.SkuValues(rate.SkuRates);
    private readonly decimal?[]? categoryRates = context.CategoryValues(rate.CategoryRates);
    private readonly bool perWholeUnit = rate.PerWholeUnit;
    private readonly RatesE4? ratesE4 = RatesE4.Of(rate, context);
    private readonly string reason = Explain(rate, rate.Reason(context.Currency));

    /// <summary>The rates in ten-thousandths, when each is exact that way (the integer paths use them).</summary>
    public RatesE4? RatesE4 => ratesE4;

    public bool PerWholeUnit => perWholeUnit;

    public override bool Apply(in Occasion o, ref Basket b, ref ItemSink sink)
    {
        if (!Holds(o))
        {
            return false;
        }

        b.Materialize();
        if (ratesE4 is not null && b.IntegerBase && !b.TrackRated && !b.TrackValues && ratesE4.TrySum(ref b, perWholeUnit, out decimal sum))
        {
            b.Sum += sum;
            sink.Add(Id, AccrualItemKind.Earn, sum, null, reason);
            return true;
        }

        decimal added = 0m;
        int lineCount = b.LineCount;
        for (int i = 0; i < b.Count; i++)
        {
            decimal amount = b.Base[i];
            decimal pointsPerUnit;
            if (i < lineCount)
            {
                int category = b.Categories[i];
                if (category == Basket.Excluded)
                {
                    continue;
                }

                pointsPerUnit = RateOf(category, b.Skus[i]);
            }
            else if (amount == 0m)
            {
                continue; // tax or shipping the program does not count
            }
            else
            {
                pointsPerUnit = baseRate;
            }

            decimal points = (perWholeUnit ? decimal.Floor(amount) : amount) * pointsPerUnit;
            added += points;
            if (b.TrackRated)
            {
                b.Rated[i] += points;
            }

            if (b.TrackValues)
            {
                b.Value[i] += points;
            }
        }

        b.Sum += added;
        sink.Add(Id, AccrualItemKind.Earn, added, null, reason);
        return true;
    }

    private decimal RateOf(int category, int sku)
    {
        if (skuRates is not null && sku >= 0 && skuRates[sku] is { } bySku)
        {
            return bySku;
        }

        if (categoryRates is not null && category >= 0 && categoryRates[category] is { } byCategory)
        {
            return byCategory;
        }

        return baseRate;
    }
}

/// <summary>
/// The rates of one <see cref="EarnRate"/> in ten-thousandths, when each is exact that way: the integer fast path
/// multiplies base and rate in longs (points in 10^-8) and converts to decimal once. Exact; on overflow the
/// caller falls back to decimal.
/// </summary>
internal sealed class RatesE4
{
    private readonly long baseRate;
    private readonly long[]? categoryRates;
    private readonly long[]? skuRates;
    private readonly bool[]? hasCategoryRate;
    private readonly bool[]? hasSkuRate;

    private RatesE4(long baseRate, long[]? categoryRates, bool[]? hasCategoryRate, long[]? skuRates, bool[]? hasSkuRate)
    {
        this.baseRate = baseRate;
        this.categoryRates = categoryRates;
        this.hasCategoryRate = hasCategoryRate;
        this.skuRates = skuRates;
        this.hasSkuRate = hasSkuRate;
    }

    public static RatesE4? Of(EarnRate rate, CompileContext context)
    {
        if (!Currency.TryToTenThousandths(rate.PointsPerUnit, out long baseRate)
            || !TryTable(rate.CategoryRates, context.CategoryIndex, out var categoryRates, out var hasCategoryRate)
            || !TryTable(rate.SkuRates, context.SkuIndex, out var skuRates, out var hasSkuRate))
        {
            return null;
        }

        return new RatesE4(baseRate, categoryRates, hasCategoryRate, skuRates, hasSkuRate);
    }

    /// <summary>The points of every component, exact; false on overflow (the caller then uses decimal).</summary>
    public bool TrySum(ref Basket b, bool perWholeUnit, out decimal sum)
    {
        bool exact = TrySumE8(in b, perWholeUnit, out long sumE8);
        sum = exact ? Currency.FromScaled(sumE8, 8) : 0m;
        return exact;
    }

    /// <summary>The points of every component in 10^-8 points, exact; false on overflow.</summary>
    public bool TrySumE8(in Basket b, bool perWholeUnit, out long sumE8)
    {
        try
        {
            sumE8 = 0;
            int lineCount = b.LineCount;
            for (int i = 0; i < b.Count; i++)
            {
                long rate = baseRate;
                if (i < lineCount)
                {
                    int category = b.Categories[i], sku = b.Skus[i];
                    if (category == Basket.Excluded)
                    {
                        continue;
                    }

                    if (skuRates is not null && sku >= 0 && hasSkuRate![sku])
                    {
                        rate = skuRates[sku];
                    }
                    else if (categoryRates is not null && category >= 0 && hasCategoryRate![category])
                    {
                        rate = categoryRates[category];
                    }
                }

                long amount = b.BaseE4[i];
                sumE8 += (perWholeUnit ? amount / 10_000 * 10_000 : amount) * rate;
            }

            return true;
        }
        catch (OverflowException)
        {
            sumE8 = 0;
            return false;
        }
    }

    private static bool TryTable(IReadOnlyDictionary<string, decimal> rates, System.Collections.Frozen.FrozenDictionary<string, int> index, out long[]? values, out bool[]? present)
    {
        values = null;
        present = null;
        if (rates.Count == 0)
        {
            return true;
        }

        values = new long[index.Count];
        present = new bool[index.Count];
        foreach (var (key, rate) in rates)
        {
            if (!Currency.TryToTenThousandths(rate, out values[index[key]]))
            {
                return false;
            }

            present[index[key]] = true;
        }

        return true;
    }
}

/// <summary>Which components a line-level modifier touches.</summary>
internal sealed class LineScope
{
    public static readonly LineScope All = new(null, null);

    private readonly bool[]? categories;
    private readonly bool[]? skus;

    private LineScope(bool[]? categories, bool[]? skus)
    {
        this.categories = categories;
        this.skus = skus;
        IsAll = categories is null && skus is null;
    }

    public bool IsAll { get; }

    public static LineScope Of(IReadOnlyList<string> categories, IReadOnlyList<string> skus, CompileContext context)
        => new(context.CategoryFlags(categories), context.SkuFlags(skus));

    /// <summary>Whether component <paramref name="i"/> is in scope; tax and shipping have no category or sku.</summary>
    public bool Includes(in Basket b, int i)
    {
        if (IsAll)
        {
            return true;
        }

        if (i >= b.LineCount)
        {
            return false;
        }

        int category = b.Categories[i], sku = b.Skus[i];
        return (categories is not null && category >= 0 && categories[category])
            || (skus is not null && sku >= 0 && skus[sku]);
    }
}

/// <summary>A campaign multiplier (one factor) or a tier accelerator (a factor per tier) on the modified points.</summary>
internal sealed class MultiplierStep : Step
{
    private readonly decimal factor;
    private readonly decimal?[]? tierFactors;
    private readonly string[] reasons;
    private readonly LineScope scope;

    /// <summary>Whether it multiplies every component (not some categories or skus).</summary>
    public bool OnEveryComponent => scope.IsAll;

    /// <summary>The factor for a member of tier <paramref name="tierIndex"/> (-1 for none), or null when it does not act.</summary>
    public decimal? FactorFor(int tierIndex)
        => tierFactors is null ? factor : tierIndex < 0 ? null : tierFactors[tierIndex];

    /// <summary>Every factor it can apply.</summary>
    public IEnumerable<decimal> Factors => tierFactors is null ? [factor] : tierFactors.Where(f => f is not null).Select(f => f!.Value);

    public MultiplierStep(EarnPolicy policy, decimal factor, decimal?[]? tierFactors, LineScope scope, CompileContext context)
        : base(policy, context)
    {
        this.factor = factor;
        this.tierFactors = tierFactors;
        this.scope = scope;
        reasons = tierFactors is null
            ? [Explain(policy, $"x{EarnRate.Number(factor)} {Label}")]
            : tierFactors.Select((f, i) => Explain(policy, $"x{EarnRate.Number(f ?? 1m)} {context.Tiers[i]} tier")).ToArray();
    }

    public override bool Apply(in Occasion o, ref Basket b, ref ItemSink sink)
    {
        decimal f = factor;
        string reason = reasons[0];
        if (tierFactors is not null)
        {
            if (o.TierIndex < 0 || tierFactors[o.TierIndex] is not { } tierFactor)
            {
                return false;
            }

            f = tierFactor;
            reason = reasons[o.TierIndex];
        }

        if (!Holds(o))
        {
            return false;
        }

        decimal added;
        if (scope.IsAll)
        {
            ScaleAll(ref b, ref sink, f, Id, reason);
            return true;
        }
        else
        {
            b.Materialize();
            added = 0m;
            for (int i = 0; i < b.Count; i++)
            {
                decimal value = b.Value[i];
                if (scope.Includes(b, i))
                {
                    decimal after = value * f;
                    b.Value[i] = after;
                    added += after - value;
                }
            }

            b.Sum += added;
        }

        sink.Add(Id, AccrualItemKind.Multiplier, added, f, reason);
        return true;
    }

    /// <summary>Every component by one factor: one pending factor instead of a pass over the lines.</summary>
    public static void ScaleAll(ref Basket b, ref ItemSink sink, decimal f, string id, string reason)
    {
        if (!sink.IsOn)
        {
            b.Scale *= f;
            b.Scaled = true;
            return;
        }

        decimal before = b.Total();
        b.Scale *= f;
        b.Scaled = true;
        sink.Add(id, AccrualItemKind.Multiplier, b.Total() - before, f, reason);
    }
}

/// <summary>The tenure accelerator: a factor for the member's complete years of membership, on every component.</summary>
internal sealed class TenureMultiplierStep(TenureAccelerator policy, CompileContext context) : Step(policy, context)
{
    public override bool Apply(in Occasion o, ref Basket b, ref ItemSink sink)
    {
        if (o.TenureYears < 0 || policy.FactorFor(o.TenureYears) is not { } factor || !Holds(o))
        {
            return false;
        }

        MultiplierStep.ScaleAll(ref b, ref sink, factor, Id, sink.IsOn ? Explain(policy, policy.Reason(o.TenureYears, factor)) : "");
        return true;
    }
}

/// <summary>An additive percentage of the rate-earned points.</summary>
internal sealed class PercentageStep(PercentageBonus policy, CompileContext context) : Step(policy, context)
{
    private readonly decimal fraction = policy.Percent / 100m;
    private readonly LineScope scope = LineScope.Of(policy.Categories, policy.Skus, context);
    private readonly string reason = Explain(policy, $"+{EarnRate.Number(policy.Percent)}% {policy.Label}");

    public override bool Apply(in Occasion o, ref Basket b, ref ItemSink sink)
    {
        if (!Holds(o))
        {
            return false;
        }

        b.Materialize();
        decimal added = 0m;
        for (int i = 0; i < b.Count; i++)
        {
            if (scope.Includes(b, i))
            {
                decimal extra = b.Rated[i] * fraction;
                b.Value[i] += extra;
                added += extra;
            }
        }

        b.Sum += added;
        sink.Add(Id, AccrualItemKind.Percentage, added, null, reason);
        return true;
    }
}

/// <summary>A bonus for eligible spend at or above a threshold.</summary>
internal sealed class ThresholdStep(SpendThresholdBonus policy, CompileContext context) : Step(policy, context)
{
    private readonly decimal minimum = policy.MinimumSpend;
    private readonly decimal points = policy.Points.Value;
    private readonly string reason = Explain(policy, $"+{policy.Points} for spend >= {new Money(policy.MinimumSpend, context.Currency)}");

    public decimal Minimum => minimum;

    public long Points => policy.Points.Value;

    public override bool Apply(in Occasion o, ref Basket b, ref ItemSink sink)
    {
        if (b.EligibleSpend < minimum || !Holds(o))
        {
            return false;
        }

        b.Fixed += points;
        sink.Add(Id, AccrualItemKind.Bonus, points, null, reason);
        return true;
    }
}

/// <summary>On which purchases a <see cref="BonusStep"/> pays.</summary>
internal enum BonusOccasion
{
    /// <summary>Every purchase its condition holds for.</summary>
    Always,

    /// <summary>The member's first purchase.</summary>
    FirstPurchase,

    /// <summary>A dormant member's first purchase back.</summary>
    Reactivation,
}

/// <summary>A fixed bonus: always (when its condition holds), on a first purchase, or on a comeback purchase.</summary>
internal sealed class BonusStep(EarnPolicy policy, Points points, BonusOccasion occasion, string reason, CompileContext context)
    : Step(policy, context)
{
    private readonly decimal points = points.Value;
    private readonly string reason = Explain(policy, reason);

    public long Points => decimal.ToInt64(this.points);

    /// <summary>Whether it pays on this occasion (the integer plan asks too).</summary>
    public bool Pays(in Occasion o) => occasion switch
    {
        BonusOccasion.FirstPurchase => o.IsFirstPurchase,
        BonusOccasion.Reactivation => o.Member?.IsReactivation == true,
        _ => true,
    } && Holds(o);

    public override bool Apply(in Occasion o, ref Basket b, ref ItemSink sink)
    {
        if (!Pays(o))
        {
            return false;
        }

        b.Fixed += points;
        sink.Add(Id, AccrualItemKind.Bonus, points, null, reason);
        return true;
    }
}

/// <summary>A birthday reward: a factor on every purchase in the window, or points once per birthday year.</summary>
internal sealed class BirthdayStep(BirthdayReward policy, CompileContext context) : Step(policy, context)
{
    public override bool Apply(in Occasion o, ref Basket b, ref ItemSink sink)
    {
        if (o.Member?.Birthday is not { } birthday || !Holds(o)
            || policy.Occurrence(birthday, NodaTime.LocalDate.FromDateOnly(DateOnly.FromDayNumber(o.DayNumber))) is not { } year)
        {
            return false;
        }

        if (policy.Factor is { } factor)
        {
            MultiplierStep.ScaleAll(ref b, ref sink, factor, Id, sink.IsOn ? Explain(policy, policy.Reason(year)) : "");
            return true;
        }

        if (o.Member.BirthdayRewardYear == year)
        {
            return false; // paid already this birthday year
        }

        b.Fixed += policy.Points.Value;
        sink.Add(Id, AccrualItemKind.Bonus, policy.Points.Value, null, sink.IsOn ? Explain(policy, policy.Reason(year)) : "");
        return true;
    }
}

/// <summary>A surprise bonus: won when the transaction's seeded draw falls below the odds.</summary>
internal sealed class SurpriseStep(SurpriseBonus policy, CompileContext context) : Step(policy, context)
{
    private readonly decimal points = policy.Points.Value;
    private readonly double odds = (double)policy.Odds;

    public override bool Apply(in Occasion o, ref Basket b, ref ItemSink sink)
    {
        if (o.DrawSeed is not { } seed || !Holds(o))
        {
            return false;
        }

        double drawn = policy.Draw(seed);
        if (drawn >= odds)
        {
            return false;
        }

        b.Fixed += points;
        if (sink.IsOn)
        {
            sink.Add(Id, AccrualItemKind.Bonus, points, null, Explain(policy, string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"+{policy.Points} surprise {policy.Label}: drew {drawn:0.0000} under odds {policy.Odds} (seed {seed})")));
        }

        return true;
    }
}

/// <summary>A targeted offer: within its instants, segments and limit; paid, or claimed from its budget.</summary>
internal sealed class OfferStep : Step
{
    private readonly TargetedOffer offer;
    private readonly long points;
    private readonly decimal extra;
    private readonly RoundingMode rounding;
    private readonly int budgetSlot = -1;
    private readonly string reason;

    public OfferStep(TargetedOffer offer, CompileContext context)
        : base(offer, context)
    {
        this.offer = offer;
        points = offer.Points.Value;
        extra = (offer.Factor ?? 1m) - 1m;
        rounding = context.Rounding;
        if (offer.Budget is not null)
        {
            budgetSlot = context.Budgeted.Count;
            context.Budgeted.Add(offer);
        }

        reason = Explain(offer, offer.Words());
    }

    public override bool Apply(in Occasion o, ref Basket b, ref ItemSink sink)
    {
        if (o.At < offer.StartsAt || o.At >= offer.EndsAt || b.EligibleSpend < offer.MinSpend || !Holds(o) || Exhausted(o))
        {
            return false;
        }

        long award = offer.Factor is null ? points : decimal.ToInt64(AccrualEvaluator.Round((b.Total() - b.Fixed) * extra, rounding));
        if (award <= 0)
        {
            return false; // nothing rate-earned to multiply: the offer is not used
        }

        var kind = offer.Factor is null ? AccrualItemKind.Bonus : AccrualItemKind.Multiplier;
        if (budgetSlot < 0)
        {
            b.Fixed += award;
            sink.Add(Id, kind, award, offer.Factor, reason);
            return true;
        }

        if (Grant(o) is not { } grant)
        {
            b.Claims[budgetSlot] = award;
            sink.Add(Id, kind, 0m, offer.Factor, sink.IsOn ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{reason}: claims up to {award} from its budget, pending") : "");
            return true;
        }

        long granted = Math.Min(award, grant.Granted);
        if (granted == 0)
        {
            sink.Add(Id, kind, 0m, offer.Factor, sink.IsOn ? $"{Explain(offer, offer.Words(0))}: {grant.Reason}" : "");
            return false; // refused: the offer does not act, so a first-match group tries the next member
        }

        b.Fixed += granted;
        sink.Add(Id, kind, granted, offer.Factor, sink.IsOn ? $"{Explain(offer, offer.Words(granted))}: budget {grant.Reason}" : "");
        return true;
    }

    private BudgetClaim? Grant(in Occasion o)
    {
        if (o.Grants is { } grants)
        {
            foreach (var grant in grants)
            {
                if (grant.OfferId == Id)
                {
                    return grant;
                }
            }
        }

        return null;
    }

    /// <summary>Whether the member used the offer as often as its limit allows in the event's window (or the window is too old to know).</summary>
    private bool Exhausted(in Occasion o)
    {
        if (offer.Limit is not { } limit || o.Member is not { } member)
        {
            return false;
        }

        var window = offer.WindowOf(NodaTime.LocalDate.FromDateOnly(DateOnly.FromDayNumber(o.DayNumber)));
        int remembered = 0;
        bool later = true;
        foreach (var use in member.OfferUses)
        {
            if (use.OfferId != Id)
            {
                continue;
            }

            if (use.WindowStart == window)
            {
                return use.Count >= limit.Times;
            }

            remembered++;
            later &= use.WindowStart > window;
        }

        return remembered >= 2 && later; // older than every window the account still remembers
    }
}

/// <summary>Tier credits by a rule of their own; they never change the points.</summary>
internal sealed class TierCreditStep(TierCreditRule rule, CompileContext context) : Step(rule, context)
{
    private readonly decimal perUnit = rule.CreditsPerUnit;
    private readonly decimal fixedCredits = rule.FixedCredits.Value;
    private readonly string reason = Explain(rule, rule.CreditsPerUnit == 0m
        ? $"+{rule.FixedCredits} tier credits {rule.Label}"
        : $"{EarnRate.Number(rule.CreditsPerUnit)} tier credits per 1 {context.Currency}{(rule.FixedCredits.Value == 0 ? "" : $" +{rule.FixedCredits}")} {rule.Label}");

    public override bool Apply(in Occasion o, ref Basket b, ref ItemSink sink)
    {
        if (!Holds(o))
        {
            return false;
        }

        decimal credits = (perUnit * b.EligibleSpend) + fixedCredits;
        b.TierCredits += credits;
        sink.Add(Id, AccrualItemKind.TierCredit, credits, null, reason);
        return true;
    }
}

/// <summary>A group: sum, best-of or first-match of its members.</summary>
internal sealed class GroupStep(PolicyGroup group, Step[] members, CompileContext context) : Step(group, context)
{
    private readonly Composition composition = group.Composition;

    public override bool Apply(in Occasion o, ref Basket b, ref ItemSink sink)
    {
        if (!Holds(o))
        {
            return false;
        }

        switch (composition)
        {
            case Composition.Sum:
                bool any = false;
                foreach (var member in members)
                {
                    any |= member.Apply(o, ref b, ref sink);
                }

                return any;
            case Composition.FirstMatch:
                foreach (var member in members)
                {
                    if (member.Apply(o, ref b, ref sink))
                    {
                        return true;
                    }
                }

                return false;
            default:
                return ApplyBest(o, ref b, ref sink);
        }
    }

    /// <summary>Tries each member on the same state, keeps the one that adds most (first on ties), applies it for real.</summary>
    private bool ApplyBest(in Occasion o, ref Basket b, ref ItemSink sink)
    {
        // Only the per-component state this program tracks needs saving (the spans are empty otherwise).
        int values = b.Value.Length, rated = b.Rated.Length;
        Span<decimal> saved = values + rated <= 128 ? stackalloc decimal[values + rated] : new decimal[values + rated];
        b.Value.CopyTo(saved);
        b.Rated.CopyTo(saved[values..]);
        (decimal sum, decimal scale, bool scaled, decimal bonus, decimal credits) savedScalars = (b.Sum, b.Scale, b.Scaled, b.Fixed, b.TierCredits);
        decimal before = b.Total();
        int best = -1;
        decimal bestAdded = 0m;
        var off = default(ItemSink);
        for (int k = 0; k < members.Length; k++)
        {
            if (!members[k].Apply(o, ref b, ref off))
            {
                continue;
            }

            decimal added = b.Total() - before;
            if (best < 0 || added > bestAdded)
            {
                best = k;
                bestAdded = added;
            }

            saved[..values].CopyTo(b.Value);
            saved[values..].CopyTo(b.Rated);
            (b.Sum, b.Scale, b.Scaled, b.Fixed, b.TierCredits) = savedScalars;
        }

        return best >= 0 && members[best].Apply(o, ref b, ref sink);
    }
}

/// <summary>A per-transaction cap; acts on the rounded total, after the pipeline.</summary>
internal sealed class CapStep(TransactionCap cap, CompileContext context) : Step(cap, context)
{
    private readonly long max = cap.MaxPoints.Value;
    private readonly string reason = Explain(cap, $"capped at {cap.MaxPoints} per transaction");

    /// <summary>Caps are not pipeline steps; the evaluator calls <see cref="Cap"/> after rounding.</summary>
    public override bool Apply(in Occasion o, ref Basket b, ref ItemSink sink) => false;

    /// <summary>How many more points the cap lets through after <paramref name="total"/> (long.MaxValue when it does not hold).</summary>
    public long Room(in Occasion o, long total) => !Holds(o) ? long.MaxValue : Math.Max(0, max - total);

    public bool Cap(in Occasion o, ref long total, ref ItemSink sink)
    {
        if (total <= max || !Holds(o))
        {
            return false;
        }

        sink.Add(Id, AccrualItemKind.Cap, max - total, null, reason);
        total = max;
        return true;
    }
}
