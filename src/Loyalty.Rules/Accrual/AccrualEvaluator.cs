using System;
using System.Collections.Frozen;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Loyalty.Rules.Accrual;

namespace Loyalty.Rules;

/// <summary>
/// A program compiled for evaluation: stateless, immutable and thread-safe. The pipeline, in order:
/// check the input; resolve the member's tier and the local date once; compute each component's earning base
/// (line amounts, prorated order discount, tax and shipping as the program says, less the part paid with
/// points); run the earn steps in program order; round once as the program says; apply caps.
/// </summary>
public sealed partial class AccrualEvaluator
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
    public AccrualResult Evaluate(Transaction transaction, MemberContext member, IReadOnlyList<BudgetClaim> grants) => Evaluate(transaction, member, grants, inPlace: false);

    /// <summary>
    /// As <see cref="Evaluate(Transaction, MemberContext, IReadOnlyList{BudgetClaim})"/>, into this thread's in-place
    /// result and item array: valid only until the thread's next in-place evaluation. For a quiet ledger step
    /// (<see cref="WorkingAccount.Apply"/>), which reads the result and hands none of it out.
    /// </summary>
    internal AccrualResult EvaluateInPlace(Transaction transaction, MemberContext member, IReadOnlyList<BudgetClaim> grants) => Evaluate(transaction, member, grants, inPlace: true);

    private AccrualResult Evaluate(Transaction transaction, MemberContext member, IReadOnlyList<BudgetClaim> grants, bool inPlace)
    {
        Preconditions.NotNull(transaction, nameof(transaction));
        Preconditions.NotNull(grants, nameof(grants));
        CheckGrants(transaction, grants);
        Instruments.Evaluated(program.Id);
        var sink = ItemSink.Recording(itemCapacity);
        Span<long> claimed = stackalloc long[budgeted.Length];
        var total = Guarded(transaction, member, grants.Count == 0 ? null : grants, claimed, ref sink);
        var items = Funded(inPlace ? sink.ToInPlace() : sink.ToImmutable());
        var claims = Claims(transaction, claimed, grants, items);
        return inPlace
            ? AccrualResult.InPlace(program.Id, program.Version, transaction.Id, transaction.MemberId, program.Currency, total, items, claims)
            : new AccrualResult(program.Id, program.Version, transaction.Id, transaction.MemberId, program.Currency, total, items, claims);
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
        Instruments.Evaluated(program.Id);
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
            if (rule.Matches(activity) && (activityConditions[i]?.Matches(facts) ?? true) && !(rule.OncePerMember && member.State.Get(ActivityRuleState.PaidOnce).Contains(rule.Id)))
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
}
