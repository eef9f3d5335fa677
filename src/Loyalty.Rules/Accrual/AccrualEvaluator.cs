using System;
using System.Collections.Frozen;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using Loyalty.Rules.Accrual;

namespace Loyalty.Rules;

/// <summary>
/// A program compiled for evaluation: stateless, immutable and thread-safe. The pipeline, in order:
/// check the input; resolve the member's tier and the local date once; compute each component's earning base
/// (line amounts, prorated order discount, tax and shipping as the program says, less the part paid with
/// points); run the earn steps in program order; round once as the program says; apply caps.
/// </summary>
public sealed class AccrualEvaluator
{
    /// <summary>Baskets up to this many components are evaluated on the stack.</summary>
    private const int StackComponents = 80;

    private readonly LoyaltyProgram program;
    private readonly Step[] steps;
    private readonly StepIndex? index;
    private readonly IntegerPlan? plan;
    private readonly CapStep[] caps;
    private readonly TargetedOffer[] budgeted;
    private readonly ActivityRule[] activities;
    private readonly CompiledCondition?[] activityConditions;
    private readonly FrozenDictionary<string, int> tierIndex;
    private readonly FrozenDictionary<string, int> categoryIndex;
    private readonly FrozenDictionary<string, int> skuIndex;
    private readonly bool indexCategories;
    private readonly bool indexSkus;
    private readonly bool[]? excludedCategories;
    private readonly bool[]? excludedSkus;
    private readonly LocalDayTable? days;
    private readonly bool tracksTenure;
    private readonly decimal minorUnit;
    private readonly int itemCapacity;
    private readonly bool trackRated;
    private readonly bool trackValues;
    private readonly int buffersPerComponent;
    private readonly string roundingReason;
    private readonly RoundingMode roundingMode;
    private readonly bool roundPerLine;
    private readonly bool carryFraction;
    private readonly bool includeTax;
    private readonly bool includeShipping;
    private readonly decimal tierCreditsPerPoint;
    private readonly bool awardsTierCredits;

    internal AccrualEvaluator(LoyaltyProgram program)
    {
        this.program = program;
        var leaves = EarnPolicy.LeavesOf(program.Earn).ToArray();
        var context = new CompileContext(program, leaves);
        steps = program.Earn.Where(p => !p.IsCap).Select(p => p.Compile(context)).ToArray();
        caps = program.Earn.Where(p => p.IsCap).Select(p => (CapStep)p.Compile(context)).ToArray();
        budgeted = [.. context.Budgeted];
        index = StepIndex.Create([.. program.Earn.Where(p => !p.IsCap)], context);
        activities = [.. program.Activities];
        activityConditions = activities.Select(a => CompiledCondition.Create(a.When, context)).ToArray();
        tierIndex = context.TierIndex;
        categoryIndex = context.CategoryIndex;
        skuIndex = context.SkuIndex;
        indexCategories = categoryIndex.Count != 0;
        indexSkus = skuIndex.Count != 0;
        excludedCategories = context.CategoryFlags(program.EarningBase.ExcludedCategories);
        excludedSkus = context.SkuFlags(program.EarningBase.ExcludedSkus);
        days = context.UsesLocalDate ? new LocalDayTable(program.TimeZone) : null;
        tracksTenure = context.TracksTenure;
        minorUnit = Currency.MinorUnit(program.Currency);
        itemCapacity = leaves.Length + 2;

        // Per-component state costs decimal work on every line: keep it only when a step reads it.
        trackRated = leaves.Any(p => p.ReadsRatedPoints);
        trackValues = trackRated
            || program.Rounding.Scope == RoundingScope.PerLine
            || leaves.Any(p => p.ScalesSomeComponents);
        buffersPerComponent = 1 + (trackRated ? 1 : 0) + (trackValues ? 1 : 0);
        roundingMode = program.Rounding.Mode;
        roundingReason = RoundingName(program.Rounding);
        roundPerLine = program.Rounding.Scope == RoundingScope.PerLine;
        carryFraction = program.Rounding.CarryFraction;
        includeTax = program.EarningBase.IncludeTax;
        includeShipping = program.EarningBase.IncludeShipping;
        tierCreditsPerPoint = program.TierLadder?.TierCreditsPerPoint ?? 0m;
        awardsTierCredits = tierCreditsPerPoint != 0m || leaves.Any(p => p.AwardsTierCredits);
        plan = IntegerPlan.Create(steps, program.Rounding, awardsTierCredits, program.Tiers.Length);
    }

    /// <summary>Whether the total path can run in integers (<see cref="IntegerPlan"/>).</summary>
    internal bool HasIntegerPlan => plan is not null;

    /// <summary>The program this evaluator runs.</summary>
    public LoyaltyProgram Program => program;

    /// <summary>Evaluates a purchase and explains it: one item per rule or modifier that acted, plus rounding and caps.</summary>
    /// <param name="transaction">The purchase.</param>
    /// <param name="member">The member at the moment of the purchase.</param>
    /// <returns>The itemized result.</returns>
    /// <exception cref="ArgumentException">
    /// The currency is not the program's, the member ids differ, the tier is not declared, or an order-level
    /// amount has more decimals than the currency's minor unit; the message names the field.
    /// </exception>
    /// <exception cref="OverflowException">The points do not fit in 64 bits.</exception>
    public AccrualResult Evaluate(Transaction transaction, MemberContext member) => Evaluate(transaction, member, []);

    /// <summary>
    /// Evaluates a purchase with the host's decisions on the budget claims of an earlier evaluation of it (see
    /// <see cref="BudgetClaim"/>): a granted offer pays what was granted, a refused one does not act. An offer that claims
    /// without a decision here claims again, pending, in <see cref="AccrualResult.Claims"/>.
    /// </summary>
    /// <param name="transaction">The purchase.</param>
    /// <param name="member">The member at the moment of the purchase.</param>
    /// <param name="grants">The decided claims (granted, partial or refused), at most one per offer.</param>
    /// <returns>The itemized result.</returns>
    /// <exception cref="ArgumentException">As for <see cref="Evaluate(Transaction, MemberContext)"/>, or a claim is
    /// pending, names another event or member, or an offer that is not a budgeted offer of the program, or is listed twice.</exception>
    /// <exception cref="OverflowException">The points do not fit in 64 bits.</exception>
    public AccrualResult Evaluate(Transaction transaction, MemberContext member, IReadOnlyList<BudgetClaim> grants)
    {
        Preconditions.NotNull(transaction, nameof(transaction));
        Preconditions.NotNull(grants, nameof(grants));
        CheckGrants(transaction, grants);
        var sink = ItemSink.Recording(itemCapacity);
        Span<long> claimed = stackalloc long[budgeted.Length];
        var total = Guarded(transaction, member, grants.Count == 0 ? null : grants, claimed, ref sink);
        var items = Funded(sink.ToImmutable());
        return new AccrualResult(program.Id, program.Version, transaction.Id, transaction.MemberId, program.Currency, total, items, Claims(transaction, claimed, grants, items));
    }

    /// <summary>Every claim of one evaluation: the pending ones it makes, then the decided ones it used (in offer order).</summary>
    private ImmutableArray<BudgetClaim> Claims(Transaction transaction, ReadOnlySpan<long> claimed, IReadOnlyList<BudgetClaim> grants, ImmutableArray<AccrualItem> items)
    {
        if (budgeted.Length == 0)
        {
            return [];
        }

        var claims = ImmutableArray.CreateBuilder<BudgetClaim>();
        for (int k = 0; k < budgeted.Length; k++)
        {
            var offer = budgeted[k];
            if (claimed[k] > 0)
            {
                claims.Add(new BudgetClaim(offer.Id, transaction.Id, transaction.MemberId, claimed[k], offer.Budget!.AllowPartial));
            }
            else if (grants.FirstOrDefault(g => g.OfferId == offer.Id) is { } grant && items.Any(i => i.RuleId == offer.Id))
            {
                claims.Add(grant);
            }
        }

        return claims.ToImmutable();
    }

    private void CheckGrants(Transaction transaction, IReadOnlyList<BudgetClaim> grants)
    {
        for (int i = 0; i < grants.Count; i++)
        {
            string field = $"grants[{i}]";
            var grant = grants[i] ?? throw Preconditions.Invalid(field, "is null.");
            if (grant.Status == BudgetClaimStatus.Pending)
            {
                throw Preconditions.Invalid(field, $"the claim of offer '{grant.OfferId}' is pending: decide it (BudgetClaim.Decide) before evaluating with it.");
            }

            if (grant.EventId != transaction.Id || grant.MemberId != transaction.MemberId)
            {
                throw Preconditions.Invalid(field, $"the claim is for event '{grant.EventId}' of member '{grant.MemberId}', not '{transaction.Id}' of '{transaction.MemberId}'.");
            }

            if (!budgeted.Any(o => o.Id == grant.OfferId))
            {
                throw Preconditions.Invalid(field, $"'{grant.OfferId}' is not a budgeted offer of program '{program.Id}'.");
            }

            for (int j = 0; j < i; j++)
            {
                if (grants[j].OfferId == grant.OfferId)
                {
                    throw Preconditions.Invalid(field, $"offer '{grant.OfferId}' is decided twice (also grants[{j}]).");
                }
            }
        }
    }

    /// <summary>Evaluates a purchase without explaining it; allocates nothing on the heap for ordinary baskets.</summary>
    /// <param name="transaction">The purchase.</param>
    /// <param name="member">The member at the moment of the purchase.</param>
    /// <returns>The points and the figures behind them.</returns>
    /// <exception cref="ArgumentException">As for <see cref="Evaluate(Transaction, MemberContext)"/>.</exception>
    /// <exception cref="OverflowException">The points do not fit in 64 bits.</exception>
    public AccrualTotal EvaluateTotal(Transaction transaction, MemberContext member)
    {
        var sink = default(ItemSink);
        Span<long> claimed = stackalloc long[budgeted.Length];
        return Guarded(transaction, member, null, claimed, ref sink);
    }

    /// <summary>The total with decided claims that need no checking (the ledger's own records, for refunds).</summary>
    internal AccrualTotal EvaluateTotal(Transaction transaction, MemberContext member, System.Collections.Immutable.ImmutableArray<BudgetClaim> grants)
    {
        var sink = default(ItemSink);
        Span<long> claimed = stackalloc long[budgeted.Length];
        return Guarded(transaction, member, grants.IsDefaultOrEmpty ? null : grants, claimed, ref sink);
    }

    /// <summary>
    /// Evaluates many purchases without explaining them, on this thread: <c>results[i]</c> is the total of
    /// <c>transactions[i]</c> for <c>members[i]</c>. Allocates nothing for ordinary baskets.
    /// </summary>
    /// <param name="transactions">The purchases.</param>
    /// <param name="members">The member of each purchase, at its moment.</param>
    /// <param name="results">Where the totals go; at least as long as <paramref name="transactions"/>.</param>
    /// <exception cref="ArgumentException">The spans' lengths differ, or a purchase is invalid (as for
    /// <see cref="EvaluateTotal(Transaction, MemberContext)"/>; the message names the transaction and the field). Results before it are written.</exception>
    public void EvaluateTotals(ReadOnlySpan<Transaction> transactions, ReadOnlySpan<MemberContext> members, Span<AccrualTotal> results)
    {
        if (members.Length != transactions.Length || results.Length < transactions.Length)
        {
            throw Preconditions.Invalid(nameof(members), $"{transactions.Length} transactions need as many members ({members.Length}) and results ({results.Length}).");
        }

        for (int i = 0; i < transactions.Length; i++)
        {
            results[i] = EvaluateTotal(transactions[i], members[i]);
        }
    }

    /// <summary>
    /// Evaluates many purchases without explaining them, on all cores (the evaluator is thread-safe): the batch is
    /// cut into one contiguous range per worker. <c>results[i]</c> is the total of <c>transactions[i]</c>.
    /// </summary>
    /// <param name="transactions">The purchases.</param>
    /// <param name="members">The member of each purchase, at its moment.</param>
    /// <param name="results">Where the totals go; as long as <paramref name="transactions"/>.</param>
    /// <param name="maxDegreeOfParallelism">The most workers; -1 (default) for one per core.</param>
    /// <exception cref="ArgumentException">The arrays' lengths differ, or a purchase is invalid (the first such
    /// exception is rethrown as it was).</exception>
    public void EvaluateTotalsInParallel(Transaction[] transactions, MemberContext[] members, AccrualTotal[] results, int maxDegreeOfParallelism = -1)
    {
        Preconditions.NotNull(transactions, nameof(transactions));
        Preconditions.NotNull(members, nameof(members));
        Preconditions.NotNull(results, nameof(results));
        if (members.Length != transactions.Length || results.Length != transactions.Length)
        {
            throw Preconditions.Invalid(nameof(members), $"{transactions.Length} transactions need as many members ({members.Length}) and results ({results.Length}).");
        }

        int workers = maxDegreeOfParallelism > 0 ? maxDegreeOfParallelism : Environment.ProcessorCount;
        int chunk = Math.Max(1, (transactions.Length + workers - 1) / workers);
        try
        {
            System.Threading.Tasks.Parallel.For(0, (transactions.Length + chunk - 1) / chunk, new System.Threading.Tasks.ParallelOptions { MaxDegreeOfParallelism = workers }, part =>
            {
                int start = part * chunk;
                int length = Math.Min(chunk, transactions.Length - start);
                EvaluateTotals(transactions.AsSpan(start, length), members.AsSpan(start, length), results.AsSpan(start, length));
            });
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
    }

    /// <summary>Evaluates a non-purchase activity: every matching activity rule whose condition holds pays.</summary>
    /// <param name="activity">The activity.</param>
    /// <param name="member">The member at the moment of the activity.</param>
    /// <returns>The itemized result (no rounding: activity points are whole).</returns>
    /// <exception cref="ArgumentException">The member ids differ or the tier is not declared.</exception>
    public AccrualResult EvaluateActivity(ActivityEvent activity, MemberContext member)
    {
        Preconditions.NotNull(activity, nameof(activity));
        Preconditions.NotNull(member, nameof(member));
        SameMember(activity.MemberId, member);
        int activityDay = DayOf(activity.OccurredAt);
        var facts = new EvaluationFacts(activity.Channel, null, null, member.Segments, TierOf(member), activityDay, member.IsFirstPurchase, TenureOf(member, activityDay), member: member);
        var sink = ItemSink.Recording(activities.Length);
        Points total = Points.Zero;
        for (int i = 0; i < activities.Length; i++)
        {
            var rule = activities[i];
            if (rule.Matches(activity) && (activityConditions[i]?.Matches(facts) ?? true) && !(rule.OncePerMember && member.PaidOnceRules.Contains(rule.Id)))
            {
                total += rule.Points;
                sink.Add(rule.Id, AccrualItemKind.Bonus, rule.Points.Value, null, $"+{rule.Points} {(string.IsNullOrWhiteSpace(rule.Description) ? rule.Id : rule.Description)}");
            }
        }

        var figures = new AccrualTotal(total, total.Value, 0m, 0m, false);
        return new AccrualResult(program.Id, program.Version, activity.Id, activity.MemberId, program.Currency, figures, sink.ToImmutable());
    }

    /// <summary>Marks the items whose points a partner funds (only programs that name one pay for this).</summary>
    private ImmutableArray<AccrualItem> Funded(ImmutableArray<AccrualItem> items)
    {
        var funding = program.Funding;
        if (funding.Count == 0)
        {
            return items;
        }

        var builder = items.ToBuilder();
        for (int i = 0; i < builder.Count; i++)
        {
            if (funding.TryGetValue(builder[i].RuleId, out var by))
            {
                builder[i] = builder[i] with { FundedBy = by };
            }
        }

        return builder.ToImmutable();
    }

    /// <summary>Runs the pipeline; an overflow (absurd amounts or rates) becomes an exception that says where.</summary>
    private AccrualTotal Guarded(Transaction transaction, MemberContext member, IReadOnlyList<BudgetClaim>? grants, Span<long> claimed, ref ItemSink sink)
    {
        try
        {
            return Run(transaction, member, grants, claimed, ref sink);
        }
        catch (OverflowException e)
        {
            throw new OverflowException(
                $"transaction '{transaction?.Id}': the points of program '{program.Id}' overflow; check the amounts of transaction.Lines and the program's rates and factors.", e);
        }
    }

    [System.Runtime.CompilerServices.SkipLocalsInit]
    private AccrualTotal Run(Transaction transaction, MemberContext member, IReadOnlyList<BudgetClaim>? grants, Span<long> claimed, ref ItemSink sink)
    {
        Preconditions.NotNull(transaction, nameof(transaction));
        Preconditions.NotNull(member, nameof(member));
        if (!string.Equals(transaction.Currency, program.Currency, StringComparison.Ordinal))
        {
            ThrowOtherCurrency(transaction.Currency);
        }

        SameMember(transaction.MemberId, member);
        int day = DayOf(transaction.OccurredAt);
        var facts = new EvaluationFacts(
            transaction.Channel, transaction.StoreId, transaction.PartnerId, member.Segments, TierOf(member), day, member.IsFirstPurchase, TenureOf(member, day), transaction.DrawSeed, member, transaction.OccurredAt, grants);

        // 1. The earning base of each component: lines, then tax, then shipping.
        int n = transaction.Lines.Length + 2;
        int size = buffersPerComponent * n;
        Span<decimal> buffer = n <= StackComponents ? stackalloc decimal[size] : new decimal[size];
        buffer[n..].Clear(); // Base is written in full below; the stack is not zeroed for us (SkipLocalsInit)
        Span<int> ids = n <= StackComponents ? stackalloc int[2 * (n - 2)] : new int[2 * (n - 2)];
        bool integerBase = transaction.AllAmountsE4 && !transaction.HasOrderDiscount && !transaction.HasPaidWithPoints && n <= StackComponents;
        Span<long> baseE4 = integerBase ? stackalloc long[n] : default;
        bool inIntegers = plan is not null && integerBase && !sink.IsOn;
        long eligibleE4 = 0;
        decimal eligibleSpend = inIntegers
            ? Currency.FromScaled(eligibleE4 = EarningBaseE4(transaction, baseE4, ids[..(n - 2)], ids[(n - 2)..]), 4)
            : EarningBase(transaction, integerBase, buffer[..n], baseE4, ids[..(n - 2)], ids[(n - 2)..], out eligibleE4);
        var basket = new Basket
        {
            Base = buffer[..n],
            Rated = trackRated ? buffer.Slice(n, n) : default,
            Value = trackValues ? buffer.Slice(size - n, n) : default,
            Categories = ids[..(n - 2)],
            Skus = ids[(n - 2)..],
            BaseE4 = baseE4,
            IntegerBase = integerBase,
            Scale = 1m,
            TrackRated = trackRated,
            TrackValues = trackValues,
            EligibleSpend = eligibleSpend,
            Claims = claimed,
        };

        // 2-3. The earn pipeline and the rounding: in integers when the program and the basket allow it (IntegerPlan).
        decimal carry = 0m;
        if (!inIntegers || !plan!.TryRun(facts, basket, eligibleE4, out long total, out decimal exact))
        {
            if (inIntegers)
            {
                EarningBase(transaction, integerBase, basket.Base, baseE4, basket.Categories, basket.Skus, out _); // the decimal bases it reads
            }

            total = Pipeline(member, facts, ref basket, ref sink, out exact, out carry);
        }

        // 4. Caps, on the rounded total; nothing is carried from a capped transaction.
        bool capped = false;
        foreach (var cap in caps)
        {
            capped |= cap.Cap(facts, ref total, ref sink);
        }

        if (budgeted.Length != 0 && caps.Length != 0)
        {
            FitClaims(facts, total, claimed);
        }

        var tierCredits = !awardsTierCredits
            ? default
            : new Points(decimal.ToInt64(decimal.Floor((total * tierCreditsPerPoint) + basket.TierCredits)));
        return new AccrualTotal(new Points(total), exact, capped ? 0m : carry, basket.EligibleSpend, capped, tierCredits);
    }

    /// <summary>Steps 2 and 3 in decimal: the earn pipeline in program order, then one rounding where the program says.</summary>
    private long Pipeline(MemberContext member, in EvaluationFacts facts, ref Basket basket, ref ItemSink sink, out decimal exact, out decimal carry)
    {
        // 2. The earn pipeline, in program order (on the total path, only the steps an index says can act).
        if (index is not null && !sink.IsOn)
        {
            index.Apply(steps, facts, ref basket, ref sink);
        }
        else
        {
            foreach (var step in steps)
            {
                step.Apply(facts, ref basket, ref sink);
            }
        }

        // 3. Rounding, once, where the program says.
        exact = basket.Total();
        if (carryFraction && member.CarriedFraction != 0m)
        {
            sink.Add("carried-in", AccrualItemKind.CarriedIn, member.CarriedFraction, null, "fraction carried from the previous accrual");
            exact += member.CarriedFraction;
        }

        decimal rounded;
        if (roundPerLine)
        {
            basket.Materialize();
            rounded = basket.Fixed;
            foreach (var value in basket.Value)
            {
                rounded += Round(value, roundingMode);
            }
        }
        else
        {
            rounded = Round(exact, roundingMode);
        }

        if (carryFraction && rounded < 0m)
        {
            rounded = 0m; // only a negative fraction carried in can take an empty accrual below zero
        }

        if (sink.IsOn && rounded != exact)
        {
            sink.Add("rounding", AccrualItemKind.Rounding, rounded - exact, null, roundingReason);
        }

        carry = carryFraction ? exact - rounded : 0m;
        return decimal.ToInt64(rounded);
    }

    /// <summary>Lowers pending claims, the latest first, so that granting them all keeps the total within every cap that holds.</summary>
    private void FitClaims(in EvaluationFacts facts, long total, Span<long> claimed)
    {
        long room = long.MaxValue;
        foreach (var cap in caps)
        {
            room = Math.Min(room, cap.Room(facts, total));
        }

        long claimedTotal = 0;
        foreach (var claim in claimed)
        {
            claimedTotal += claim;
        }

        for (int k = claimed.Length - 1; k >= 0 && claimedTotal > room; k--)
        {
            long cut = Math.Min(claimed[k], claimedTotal - room);
            claimed[k] -= cut;
            claimedTotal -= cut;
        }
    }

    /// <summary>
    /// The earning base in ten-thousandths alone, for the integer path (no prorated amounts, every amount exact in
    /// ten-thousandths): each component's base and each line's category and sku index; returns the eligible spend.
    /// </summary>
    private long EarningBaseE4(Transaction transaction, Span<long> amountsE4, Span<int> categories, Span<int> skus)
    {
        var lines = transaction.Lines;
        int lineCount = lines.Length;
        long eligibleE4 = 0;
        for (int i = 0; i < lineCount; i++)
        {
            var line = lines[i];
            categories[i] = CategoryOf(line, out skus[i]);
            amountsE4[i] = categories[i] == Basket.Excluded ? 0 : line.AmountE4;
            eligibleE4 += amountsE4[i];
        }

        amountsE4[lineCount] = includeTax ? transaction.TaxE4 : 0;
        amountsE4[lineCount + 1] = includeShipping ? transaction.ShippingE4 : 0;
        return eligibleE4 + amountsE4[lineCount] + amountsE4[lineCount + 1];
    }

    /// <summary>A line's category index (<see cref="Basket.Excluded"/> when the earning base excludes it) and its sku index.</summary>
    private int CategoryOf(TransactionLine line, out int sku)
    {
        int category = indexCategories && line.Category is not null && categoryIndex.TryGetValue(line.Category, out int c) ? c : -1;
        sku = indexSkus && skuIndex.TryGetValue(line.Sku, out int s) ? s : -1;
        return (excludedCategories is not null && category >= 0 && excludedCategories[category]) || (excludedSkus is not null && sku >= 0 && excludedSkus[sku])
            ? Basket.Excluded
            : category;
    }

    /// <summary>
    /// Writes each component's earning base (and each line's category and sku index) and returns their sum, the
    /// eligible spend. Order discount: prorated over the lines by their amounts. Paid with
    /// points: prorated over lines, tax and shipping by what remains. Then excluded lines and uncounted tax and
    /// shipping drop to zero. Shares are in minor units by largest remainder, so they sum exactly.
    /// </summary>
    private decimal EarningBase(Transaction transaction, bool integerBase, Span<decimal> amounts, Span<long> amountsE4, Span<int> categories, Span<int> skus, out long eligibleE4)
    {
        eligibleE4 = 0;
        var lines = transaction.Lines;
        int lineCount = lines.Length;
        for (int i = 0; i < lineCount; i++)
        {
            var line = lines[i];
            amounts[i] = line.Amount;
            categories[i] = CategoryOf(line, out skus[i]);
        }

        amounts[lineCount] = transaction.Tax;
        amounts[lineCount + 1] = transaction.Shipping;
        if (integerBase)
        {
            // The exact integer path: no prorated amounts, every amount a whole number of ten-thousandths.
            for (int i = 0; i < lineCount; i++)
            {
                if (categories[i] == Basket.Excluded)
                {
                    amounts[i] = 0m;
                    amountsE4[i] = 0;
                }
                else
                {
                    amountsE4[i] = lines[i].AmountE4;
                    eligibleE4 += amountsE4[i];
                }
            }

            amountsE4[lineCount] = includeTax ? transaction.TaxE4 : 0;
            amountsE4[lineCount + 1] = includeShipping ? transaction.ShippingE4 : 0;
            eligibleE4 += amountsE4[lineCount] + amountsE4[lineCount + 1];
            ExcludeTaxAndShipping(amounts, lineCount);
            return Currency.FromScaled(eligibleE4, 4);
        }

        if (transaction.HasOrderDiscount)
        {
            Prorate(transaction.OrderDiscount, "transaction.OrderDiscount", lines, amounts[..lineCount]);
        }

        if (transaction.HasPaidWithPoints)
        {
            Prorate(transaction.PaidWithPoints, "transaction.PaidWithPoints", lines, amounts);
        }

        decimal eligible = 0m;
        for (int i = 0; i < lineCount; i++)
        {
            if (categories[i] == Basket.Excluded)
            {
                amounts[i] = 0m;
            }
            else
            {
                eligible += amounts[i];
            }
        }

        ExcludeTaxAndShipping(amounts, lineCount);
        return eligible + amounts[lineCount] + amounts[lineCount + 1];
    }

    private void ExcludeTaxAndShipping(Span<decimal> amounts, int lineCount)
    {
        if (!includeTax)
        {
            amounts[lineCount] = 0m;
        }

        if (!includeShipping)
        {
            amounts[lineCount + 1] = 0m;
        }
    }

    /// <summary>
    /// Subtracts <paramref name="reduction"/> from <paramref name="amounts"/> in proportion to them, in minor units:
    /// each share is floored, then the cents left go one each to the largest remainders, ties broken by the larger
    /// amount, then lines before tax before shipping, then sku and category (never by position).
    /// </summary>
    private void Prorate(decimal reduction, string field, System.Collections.Immutable.ImmutableArray<TransactionLine> lines, Span<decimal> amounts)
    {
        if (decimal.Remainder(reduction, minorUnit) != 0m)
        {
            throw Preconditions.Invalid(field, $"{reduction.ToString(CultureInfo.InvariantCulture)} has more decimals than {program.Currency}'s minor unit {minorUnit.ToString(CultureInfo.InvariantCulture)}.");
        }

        decimal whole = 0m;
        foreach (var amount in amounts)
        {
            whole += amount;
        }

        if (whole == 0m)
        {
            return;
        }

        int n = amounts.Length;
        Span<decimal> weights = n <= StackComponents ? stackalloc decimal[n] : new decimal[n];
        Span<decimal> remainders = n <= StackComponents ? stackalloc decimal[n] : new decimal[n];
        amounts.CopyTo(weights);
        decimal given = 0m;
        for (int i = 0; i < n; i++)
        {
            decimal exactShare = reduction * weights[i] / whole;
            decimal share = decimal.Floor(exactShare / minorUnit) * minorUnit;
            remainders[i] = exactShare - share;
            amounts[i] = weights[i] - share;
            given += share;
        }

        for (decimal left = reduction - given; left > 0m; left -= minorUnit)
        {
            int pick = -1;
            for (int i = 0; i < n; i++)
            {
                if (remainders[i] >= 0m && (pick < 0 || Before(i, pick, remainders, weights, lines)))
                {
                    pick = i;
                }
            }

            remainders[pick] = -1m;
            amounts[pick] = Math.Max(0m, amounts[pick] - minorUnit);
        }
    }

    private static bool Before(int i, int j, Span<decimal> remainders, Span<decimal> weights, System.Collections.Immutable.ImmutableArray<TransactionLine> lines)
    {
        if (remainders[i] != remainders[j])
        {
            return remainders[i] > remainders[j];
        }

        if (weights[i] != weights[j])
        {
            return weights[i] > weights[j];
        }

        // Lines rank before tax, tax before shipping (their indexes follow the lines in that order).
        if (i >= lines.Length || j >= lines.Length)
        {
            return i < j;
        }

        int bySku = string.CompareOrdinal(lines[i].Sku, lines[j].Sku);
        return bySku != 0 ? bySku < 0 : string.CompareOrdinal(lines[i].Category, lines[j].Category) < 0;
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private void ThrowOtherCurrency(string currency)
        => throw Preconditions.Invalid("transaction.Currency", $"'{currency}' is not the currency of program '{program.Id}' ({program.Currency}).");

    internal static decimal Round(decimal value, RoundingMode mode) => mode switch
    {
        RoundingMode.Floor => decimal.Floor(value),
        RoundingMode.Ceiling => decimal.Ceiling(value),
        RoundingMode.HalfEven => decimal.Round(value, 0, MidpointRounding.ToEven),
        _ => decimal.Round(value, 0, MidpointRounding.AwayFromZero),
    };

    private static string RoundingName(RoundingPolicy rounding)
        => rounding.Mode switch
        {
            RoundingMode.Floor => "floor",
            RoundingMode.Ceiling => "ceiling",
            RoundingMode.HalfEven => "half-even rounding",
            _ => "half-up rounding",
        } + (rounding.Scope == RoundingScope.PerLine ? " per line" : "");

    private int TierOf(MemberContext member)
    {
        if (member.TierId is null)
        {
            return -1;
        }

        return tierIndex.TryGetValue(member.TierId, out int index)
            ? index
            : throw Preconditions.Invalid("member.TierId", $"tier '{member.TierId}' is not declared by program '{program.Id}'" +
                (program.Tiers.IsEmpty ? " (it declares no tiers)." : $" (its tiers: {string.Join(", ", program.Tiers)})."));
    }

    private int DayOf(NodaTime.Instant instant) => days?.DayNumber(instant) ?? 0;

    /// <summary>Complete years of membership at the local date: anniversaries of enrolment passed (-1 when not read or unknown).</summary>
    private int TenureOf(MemberContext member, int dayNumber)
    {
        if (!tracksTenure || member.EnrolledOn is not { } enrolled)
        {
            return -1;
        }

        var today = NodaTime.LocalDate.FromDateOnly(DateOnly.FromDayNumber(dayNumber));
        if (today < enrolled)
        {
            return 0;
        }

        int years = today.Year - enrolled.Year;
        return enrolled.PlusYears(years) > today ? years - 1 : years;
    }

    private static void SameMember(string eventMemberId, MemberContext member)
    {
        if (!string.Equals(eventMemberId, member.MemberId, StringComparison.Ordinal))
        {
            throw Preconditions.Invalid("member.MemberId", $"'{member.MemberId}' is not the event's member '{eventMemberId}'.");
        }
    }
}
