using System;
using System.Collections.Frozen;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using NodaTime;

namespace Loyalty.Rules;

/// <summary>
/// Builds a <see cref="LoyaltyProgram"/>. Policies run in the order they are added. <see cref="Build"/> validates
/// the whole program and lists every problem at once; a builder is single-use.
/// </summary>
/// <example>
/// <code>
/// var program = new LoyaltyProgramBuilder("coffee", "USD", DateTimeZoneProviders.Tzdb["America/New_York"])
///     .WithTiers("Green", "Silver", "Gold")
///     .AddEarnRate("base", 2m)
///     .AddSpendThresholdBonus("spend-35", 35.00m, new Points(50))
///     .Build();
/// </code>
/// </example>
public sealed class LoyaltyProgramBuilder : EarnPipelineBuilder
{
    private readonly string id;
    private readonly string currency;
    private readonly DateTimeZone timeZone;
    private readonly List<ActivityRule> activities = [];
    private int version = 1;
    private string[] tiers = [];
    private EarningBase earningBase = EarningBase.Default;
    private RoundingPolicy rounding = RoundingPolicy.Default;
    private bool built;
    private LotPolicy lots = LotPolicy.Default;
    private ImmutableDictionary<string, LotPolicy> ruleLots = ImmutableDictionary.Create<string, LotPolicy>(StringComparer.Ordinal);
    private RedemptionPolicy redemption = RedemptionPolicy.Default;
    private LedgerPolicy ledger = LedgerPolicy.Default;
    private SpendReward? spendReward;
    private TierLadder? tierLadder;
    private FraudPolicy fraud = FraudPolicy.None;
    private ReferralPolicy? referral;
    private Instant? effectiveFrom;
    private LintPolicy lint = LintPolicy.Default;
    private DividendPolicy? dividend;
    private LifecyclePolicy lifecycle = new();
    private readonly List<CatalogReward> rewards = [];
    private ReminderPolicy? reminders;
    private TransferPolicy? transfers;
    private HouseholdPolicy? households;
    private MergePolicy merges = MergePolicy.Default;
    private readonly List<Challenge> challenges = [];
    private readonly List<StampCard> stampCards = [];
    private readonly List<Streak> streaks = [];
    private readonly List<Badge> badges = [];

    /// <summary>Starts a program. Problems with these arguments are reported, with all others, by <see cref="Build"/>.</summary>
    /// <param name="id">The program id.</param>
    /// <param name="currency">The ISO 4217 currency of its transactions.</param>
    /// <param name="timeZone">The zone in which local dates are counted.</param>
    public LoyaltyProgramBuilder(string id, string currency, DateTimeZone timeZone)
    {
        this.id = id;
        this.currency = currency;
        this.timeZone = timeZone;
    }

    /// <summary>Sets the program version (1 and up; default 1).</summary>
    /// <param name="value">The version.</param>
    /// <returns>This builder.</returns>
    public LoyaltyProgramBuilder WithVersion(int value)
    {
        EnsureOpen();
        version = value;
        return this;
    }

    /// <summary>Sets the instant this version takes effect, so a <see cref="ProgramCatalog"/> can pick it (default: always).</summary>
    /// <param name="value">The instant.</param>
    /// <returns>This builder.</returns>
    public LoyaltyProgramBuilder WithEffectiveFrom(Instant value)
    {
        EnsureOpen();
        effectiveFrom = value;
        return this;
    }

    /// <summary>Declares the program's tier ids, lowest first. Members may only hold declared tiers.</summary>
    /// <param name="tierIds">The tier ids.</param>
    /// <returns>This builder.</returns>
    public LoyaltyProgramBuilder WithTiers(params string[] tierIds)
    {
        EnsureOpen();
        tiers = [.. Preconditions.NotNull(tierIds, nameof(tierIds))];
        return this;
    }

    /// <summary>Sets what money earns (default: every line, no tax, no shipping).</summary>
    /// <param name="value">The earning base.</param>
    /// <returns>This builder.</returns>
    public LoyaltyProgramBuilder WithEarningBase(EarningBase value)
    {
        EnsureOpen();
        earningBase = Preconditions.NotNull(value, nameof(value));
        return this;
    }

    /// <summary>Sets the rounding policy (default: floor, once per transaction).</summary>
    /// <param name="value">The rounding policy.</param>
    /// <returns>This builder.</returns>
    public LoyaltyProgramBuilder WithRounding(RoundingPolicy value)
    {
        EnsureOpen();
        rounding = Preconditions.NotNull(value, nameof(value));
        return this;
    }

    /// <summary>Sets the default pending period and expiry of earned points (default: available at once, never expiring).</summary>
    /// <param name="value">The lot policy.</param>
    /// <returns>This builder.</returns>
    public LoyaltyProgramBuilder WithLots(LotPolicy value)
    {
        EnsureOpen();
        lots = Preconditions.NotNull(value, nameof(value));
        return this;
    }

    /// <summary>Gives the points of one rule their own pending period and expiry (a fixed bonus or activity rule).</summary>
    /// <param name="ruleId">The rule id.</param>
    /// <param name="value">The lot policy.</param>
    /// <returns>This builder.</returns>
    public LoyaltyProgramBuilder WithRuleLots(string ruleId, LotPolicy value)
    {
        EnsureOpen();
        ruleLots = ruleLots.SetItem(Preconditions.NotBlank(ruleId, nameof(ruleId)), Preconditions.NotNull(value, nameof(value)));
        return this;
    }

    /// <summary>Sets how points are spent (default: any amount, 100 points = 1.00).</summary>
    /// <param name="value">The redemption policy.</param>
    /// <returns>This builder.</returns>
    public LoyaltyProgramBuilder WithRedemption(RedemptionPolicy value)
    {
        EnsureOpen();
        redemption = Preconditions.NotNull(value, nameof(value));
        return this;
    }

    /// <summary>Sets refund shortfalls, retention and the refund window (default: claw back, 90 days, 365 days).</summary>
    /// <param name="value">The ledger policy.</param>
    /// <returns>This builder.</returns>
    public LoyaltyProgramBuilder WithLedger(LedgerPolicy value)
    {
        EnsureOpen();
        ledger = Preconditions.NotNull(value, nameof(value));
        return this;
    }

    /// <summary>Adds an automatic reward each time the member's spend counter crosses a step.</summary>
    /// <param name="value">The spend reward.</param>
    /// <returns>This builder.</returns>
    public LoyaltyProgramBuilder WithSpendReward(SpendReward value)
    {
        EnsureOpen();
        spendReward = Preconditions.NotNull(value, nameof(value));
        return this;
    }

    /// <summary>
    /// Sets the tier ladder. Its tier ids are the program's tiers (unless <see cref="WithTiers"/> declares the same ids);
    /// a <see cref="TierAccelerator"/> without factors uses the ladder's earn multipliers.
    /// </summary>
    /// <param name="value">The ladder.</param>
    /// <returns>This builder.</returns>
    public LoyaltyProgramBuilder WithTierLadder(TierLadder value)
    {
        EnsureOpen();
        tierLadder = Preconditions.NotNull(value, nameof(value));
        return this;
    }

    /// <summary>Sets the fraud checks and hold review at once (or add checks one by one with <see cref="FraudBuilderExtensions.AddFraudCheck"/>).</summary>
    /// <param name="value">The fraud policy.</param>
    /// <returns>This builder.</returns>
    public LoyaltyProgramBuilder WithFraud(FraudPolicy value)
    {
        EnsureOpen();
        fraud = Preconditions.NotNull(value, nameof(value));
        return this;
    }

    /// <summary>Sets what the program check looks for (the ceiling on stacked multipliers).</summary>
    /// <param name="value">The lint policy.</param>
    /// <returns>This builder.</returns>
    public LoyaltyProgramBuilder WithLint(LintPolicy value)
    {
        EnsureOpen();
        lint = Preconditions.NotNull(value, nameof(value));
        return this;
    }

    /// <summary>Lets members give each other points (<see cref="TransferOutEvent"/>).</summary>
    /// <param name="value">The transfer policy.</param>
    /// <returns>This builder.</returns>
    public LoyaltyProgramBuilder WithTransfers(TransferPolicy value)
    {
        EnsureOpen();
        transfers = Preconditions.NotNull(value, nameof(value));
        return this;
    }

    /// <summary>Lets members pool points in households (<see cref="HouseholdMembershipEvent"/>).</summary>
    /// <param name="value">The household policy.</param>
    /// <returns>This builder.</returns>
    public LoyaltyProgramBuilder WithHouseholds(HouseholdPolicy value)
    {
        EnsureOpen();
        households = Preconditions.NotNull(value, nameof(value));
        return this;
    }

    /// <summary>Sets how two accounts of one person are merged (default <see cref="MergePolicy.Default"/>).</summary>
    /// <param name="value">The merge policy.</param>
    /// <returns>This builder.</returns>
    public LoyaltyProgramBuilder WithMerges(MergePolicy value)
    {
        EnsureOpen();
        merges = Preconditions.NotNull(value, nameof(value));
        return this;
    }

    /// <summary>Adds a period-end dividend: a share of each period's eligible spend paid back as points.</summary>
    /// <param name="value">The dividend policy.</param>
    /// <returns>This builder.</returns>
    public LoyaltyProgramBuilder WithDividend(DividendPolicy value)
    {
        EnsureOpen();
        dividend = Preconditions.NotNull(value, nameof(value));
        return this;
    }

    /// <summary>Sets the lifecycle thresholds (default: new 30 days, at risk after 60, dormant after 180, reactivated 30).</summary>
    /// <param name="value">The lifecycle policy.</param>
    /// <returns>This builder.</returns>
    public LoyaltyProgramBuilder WithLifecycle(LifecyclePolicy value)
    {
        EnsureOpen();
        lifecycle = Preconditions.NotNull(value, nameof(value));
        return this;
    }

    /// <summary>Sets the referral policy.</summary>
    /// <param name="value">The referral policy.</param>
    /// <returns>This builder.</returns>
    public LoyaltyProgramBuilder WithReferral(ReferralPolicy value)
    {
        EnsureOpen();
        referral = Preconditions.NotNull(value, nameof(value));
        return this;
    }

    internal FraudPolicy FraudPolicy => fraud;

    /// <summary>Adds a reward to the catalog.</summary>
    /// <param name="reward">The reward.</param>
    /// <returns>This builder.</returns>
    public LoyaltyProgramBuilder AddReward(CatalogReward reward)
    {
        EnsureOpen();
        rewards.Add(Preconditions.NotNull(reward, nameof(reward)));
        return this;
    }

    /// <summary>Sets when members are reminded of points and vouchers about to expire.</summary>
    /// <param name="value">The reminder policy.</param>
    /// <returns>This builder.</returns>
    public LoyaltyProgramBuilder WithReminders(ReminderPolicy value)
    {
        EnsureOpen();
        reminders = Preconditions.NotNull(value, nameof(value));
        return this;
    }

    /// <summary>Adds a challenge (a mission).</summary>
    /// <param name="challenge">The challenge.</param>
    /// <returns>This builder.</returns>
    public LoyaltyProgramBuilder AddChallenge(Challenge challenge)
    {
        EnsureOpen();
        challenges.Add(Preconditions.NotNull(challenge, nameof(challenge)));
        return this;
    }

    /// <summary>Adds a stamp card.</summary>
    /// <param name="card">The stamp card.</param>
    /// <returns>This builder.</returns>
    public LoyaltyProgramBuilder AddStampCard(StampCard card)
    {
        EnsureOpen();
        stampCards.Add(Preconditions.NotNull(card, nameof(card)));
        return this;
    }

    /// <summary>Adds a streak.</summary>
    /// <param name="streak">The streak.</param>
    /// <returns>This builder.</returns>
    public LoyaltyProgramBuilder AddStreak(Streak streak)
    {
        EnsureOpen();
        streaks.Add(Preconditions.NotNull(streak, nameof(streak)));
        return this;
    }

    /// <summary>Declares a badge.</summary>
    /// <param name="badge">The badge.</param>
    /// <returns>This builder.</returns>
    public LoyaltyProgramBuilder AddBadge(Badge badge)
    {
        EnsureOpen();
        badges.Add(Preconditions.NotNull(badge, nameof(badge)));
        return this;
    }

    private void ValidateGames(ProgramCheck check, HashSet<string> rewardIds)
    {
        var badgeIds = new HashSet<string>(StringComparer.Ordinal);
        var refs = new GameRefs(
            rewardIds,
            badgeIds,
            challenges.Select(c => c?.Id).Concat(stampCards.Select(s => s?.Id)).OfType<string>().ToHashSet(StringComparer.Ordinal),
            streaks.Select(s => s?.Id).OfType<string>().ToHashSet(StringComparer.Ordinal))
        {
            Earned = badges.Where(b => b?.Criterion is not null).Select(b => b.Id).OfType<string>().ToHashSet(StringComparer.Ordinal),
        };
        for (int i = 0; i < badges.Count; i++)
        {
            if (badges[i]?.Id is { } id && !badgeIds.Add(id))
            {
                check.Fail($"badges[{i}].id", $"badge '{id}' is declared twice.");
            }
        }

        for (int i = 0; i < badges.Count; i++)
        {
            badges[i].Validate(check, $"badges[{i}]", refs);
        }

        for (int i = 0; i < challenges.Count; i++)
        {
            challenges[i].Validate(check, $"challenges[{i}]", refs);
        }

        for (int i = 0; i < stampCards.Count; i++)
        {
            stampCards[i].Validate(check, $"stampCards[{i}]", refs);
        }

        for (int i = 0; i < streaks.Count; i++)
        {
            streaks[i].Validate(check, $"streaks[{i}]", refs);
        }
    }

    /// <summary>Adds an activity rule.</summary>
    /// <param name="rule">The rule.</param>
    /// <returns>This builder.</returns>
    public LoyaltyProgramBuilder AddActivity(ActivityRule rule)
    {
        EnsureOpen();
        activities.Add(Preconditions.NotNull(rule, nameof(rule)));
        return this;
    }

    /// <summary>Validates the whole program and builds it.</summary>
    /// <returns>The immutable program, compiled.</returns>
    /// <exception cref="ProgramValidationException">The program is invalid; every problem is listed.</exception>
    /// <exception cref="InvalidOperationException">The builder was already used.</exception>
    public LoyaltyProgram Build()
    {
        EnsureOpen();
        built = true;
        var ladder = tierLadder?.Freeze();
        if (ladder is not null && tiers.Length == 0)
        {
            tiers = [.. ladder.Tiers.Where(t => t is not null).Select(t => t.Id)];
        }

        var earn = Policies.Select(p => p.Freeze()).Select(p => WithLadderFactors(p, ladder)).ToImmutableArray();
        var frozenActivities = activities.Select(a => a.Freeze()).ToImmutableArray();
        var frozenBase = earningBase.Freeze();
        var problems = Validate(earn, frozenActivities, frozenBase, ladder);
        if (problems.Count > 0)
        {
            throw new ProgramValidationException(problems);
        }

        return new LoyaltyProgram(id, version, currency, timeZone, [.. tiers], frozenBase, rounding, earn, frozenActivities, lots, ruleLots, redemption, ledger, spendReward, ladder, fraud, referral, effectiveFrom, lint, dividend, lifecycle, [.. rewards], reminders, [.. challenges], [.. stampCards], [.. streaks], [.. badges], transfers, households, merges);
    }

    private protected override void EnsureOpen()
    {
        if (built)
        {
            throw new InvalidOperationException("This builder has already built its program; start a new builder.");
        }
    }

    private static IEnumerable<string> Ids(EarnPolicy policy)
        => policy is PolicyGroup g ? (g.Policies ?? []).Where(p => p is not null).SelectMany(Ids).Prepend(g.Id) : [policy.Id];

    /// <summary>A tier accelerator that names no factors takes the ladder's earn multipliers.</summary>
    private static EarnPolicy WithLadderFactors(EarnPolicy policy, TierLadder? ladder) => policy switch
    {
        TierAccelerator { Factors.Count: 0 } accelerator when ladder is not null
            => accelerator with { Factors = ladder.Tiers.Where(t => t is not null).ToFrozenDictionary(t => t.Id, t => t.EarnMultiplier, StringComparer.Ordinal) },
        PolicyGroup group => group with { Policies = group.Policies.Select(p => p is null ? p! : WithLadderFactors(p, ladder)).ToImmutableArray() },
        _ => policy,
    };

    private IReadOnlyList<ValidationProblem> Validate(ImmutableArray<EarnPolicy> earn, ImmutableArray<ActivityRule> activityRules, EarningBase frozenBase, TierLadder? ladder)
    {
        var tierProblems = new List<ValidationProblem>();
        var declared = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < tiers.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(tiers[i]))
            {
                tierProblems.Add(new($"tiers[{i}]", "must not be empty."));
            }
            else if (!declared.Add(tiers[i]))
            {
                tierProblems.Add(new($"tiers[{i}]", $"'{tiers[i]}' is declared twice."));
            }
        }

        var check = new ProgramCheck(declared.ToFrozenSet(StringComparer.Ordinal));
        if (string.IsNullOrWhiteSpace(id))
        {
            check.Fail("id", "is required.");
        }

        if (version < 1)
        {
            check.Fail("version", $"must be 1 or more, was {version}.");
        }

        if (!Currency.IsValidCode(currency))
        {
            check.Fail("currency", $"'{currency}' is not an ISO 4217 code (three upper-case letters).");
        }

        if (timeZone is null)
        {
            check.Fail("timeZone", "is required.");
        }

        foreach (var problem in tierProblems)
        {
            check.Fail(problem.Path, problem.Reason);
        }

        frozenBase.Validate(check, "earningBase");
        rounding.Validate(check, "rounding");
        bool capSeen = false;
        for (int i = 0; i < earn.Length; i++)
        {
            var path = $"earn[{i}]";
            if (earn[i].IsCap)
            {
                capSeen = true;
            }
            else if (capSeen)
            {
                check.Fail(path, "comes after a cap: caps act on the rounded total, so they stand at the end of the pipeline.");
            }

            check.Rule(path, earn[i].Id, () => earn[i].Validate(check, path));
        }

        for (int i = 0; i < activityRules.Length; i++)
        {
            check.Rule($"activities[{i}]", activityRules[i].Id, () => activityRules[i].Validate(check, $"activities[{i}]"));
        }

        lots.Validate(check, "lots");
        var ruleIds = earn.SelectMany(Ids).Concat(activityRules.Select(a => a.Id)).Append(referral?.Id ?? "").ToHashSet(StringComparer.Ordinal);
        foreach (var (ruleId, policy) in ruleLots.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            if (!ruleIds.Contains(ruleId))
            {
                check.Fail($"ruleLots['{ruleId}']", "names no rule of the program.");
            }

            policy.Validate(check, $"ruleLots['{ruleId}']");
        }

        redemption.Validate(check, "redemption");
        ledger.Validate(check, "ledger");
        spendReward?.Validate(check, "spendReward");
        var rewardIds = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < rewards.Count; i++)
        {
            string path = $"rewards[{i}]";
            rewards[i].Validate(check, path);
            if (rewards[i].Id is { } rewardId && !rewardIds.Add(rewardId))
            {
                check.Fail(path + ".id", $"reward '{rewardId}' is in the catalog twice.");
            }
            else if (rewards[i].Id is { } used && ruleIds.Contains(used))
            {
                check.Fail(path + ".id", $"'{used}' is the id of a rule: a stock claim names the reward by its id, as a budget claim names its offer.");
            }
        }

        reminders?.Validate(check, "reminders");
        transfers?.Validate(check, "transfers");
        households?.Validate(check, "households");
        merges.Validate(check, "merges");
        ValidateGames(check, rewardIds);

        fraud.Validate(check, ledger);
        lint.Validate(check, "lint");
        dividend?.Validate(check, "dividend");
        lifecycle.Validate(check, "lifecycle");
        referral?.Validate(check, "referral", redemption);
        if (ladder is not null)
        {
            ladder.Validate(check, "tierLadder");
            var ladderIds = (ladder.Tiers ?? []).Where(t => t is not null).Select(t => t.Id).ToArray();
            if (!ladderIds.SequenceEqual(tiers, StringComparer.Ordinal))
            {
                check.Fail("tiers", $"the declared tiers ({string.Join(", ", tiers)}) differ from the ladder's ({string.Join(", ", ladderIds)}).");
            }
        }


        return check.Problems;
    }
}
