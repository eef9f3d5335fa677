using System;
using System.Collections.Immutable;
using NodaTime;

namespace Loyalty.Rules;

/// <summary>
/// One brand's loyalty program: id, version, currency, time zone, tiers and policies. Immutable once built
/// (by <see cref="LoyaltyProgramBuilder"/>), and compiled once into its <see cref="Evaluator"/>.
/// </summary>
public sealed class LoyaltyProgram
{
    internal LoyaltyProgram(
        string id,
        int version,
        string currency,
        DateTimeZone timeZone,
        ImmutableArray<string> tiers,
        EarningBase earningBase,
        RoundingPolicy rounding,
        ImmutableArray<EarnPolicy> earn,
        ImmutableArray<ActivityRule> activities,
        LotPolicy lots,
        ImmutableDictionary<string, LotPolicy> ruleLots,
        RedemptionPolicy redemption,
        LedgerPolicy ledger,
        SpendReward? spendReward,
        TierLadder? tierLadder,
        FraudPolicy fraud,
        ReferralPolicy? referral,
        Instant? effectiveFrom,
        LintPolicy lint,
        DividendPolicy? dividend,
        LifecyclePolicy lifecycle,
        ImmutableArray<CatalogReward> rewards,
        ReminderPolicy? reminders,
        ImmutableArray<Challenge> challenges,
        ImmutableArray<StampCard> stampCards,
        ImmutableArray<Streak> streaks,
        ImmutableArray<Badge> badges,
        TransferPolicy? transfers,
        HouseholdPolicy? households,
        MergePolicy merges)
    {
        Transfers = transfers;
        Households = households;
        Merges = merges;
        Badges = badges;
        BadgesById = System.Collections.Frozen.FrozenDictionary.ToFrozenDictionary(badges, b => b.Id, StringComparer.Ordinal);
        Streaks = streaks;
        StreaksById = System.Collections.Frozen.FrozenDictionary.ToFrozenDictionary(streaks, s => s.Id, StringComparer.Ordinal);
        Challenges = challenges;
        StampCards = stampCards;
        Games = Game.Of(challenges, stampCards, badges);
        GamesById = System.Collections.Frozen.FrozenDictionary.ToFrozenDictionary(Games, g => g.Id, StringComparer.Ordinal);
        Rewards = rewards;
        RewardsById = System.Collections.Frozen.FrozenDictionary.ToFrozenDictionary(rewards, r => r.Id, StringComparer.Ordinal);
        Reminders = reminders;
        Lifecycle = lifecycle;
        Dividend = dividend;
        LintPolicy = lint;
        EffectiveFrom = effectiveFrom;
        Fraud = fraud;
        ReferralPolicy = referral;
        referrals = referral is null ? null : new ReferralDecider(this, referral);
        Id = id;
        Version = version;
        Currency = currency;
        TimeZone = timeZone;
        Tiers = tiers;
        EarningBase = earningBase;
        Rounding = rounding;
        Earn = earn;
        Activities = activities;
        Lots = lots;
        RuleLots = ruleLots;
        Redemption = redemption;
        LedgerPolicy = ledger;
        SpendReward = spendReward;
        TierLadder = tierLadder;
        TierDecider = tierLadder is null ? null : new TierDecider(tierLadder, timeZone);
        Evaluator = new AccrualEvaluator(this);
        Ledger = new LedgerProcessor(this);
    }

    /// <summary>The tier fold of the ladder, or null when the program has none.</summary>
    internal TierDecider? TierDecider { get; }

    private System.Collections.Frozen.FrozenDictionary<string, string>? funding;

    /// <summary>Who funds each step that is not funded by the program itself, by rule id (groups pass theirs down).</summary>
    internal System.Collections.Frozen.FrozenDictionary<string, string> Funding
        => funding ??= System.Collections.Frozen.FrozenDictionary.ToFrozenDictionary(Funded(Earn, null), p => p.Id, p => p.By, StringComparer.Ordinal);

    private static System.Collections.Generic.IEnumerable<(string Id, string By)> Funded(System.Collections.Generic.IEnumerable<EarnPolicy> policies, string? inherited)
    {
        foreach (var policy in policies)
        {
            string? by = policy.FundedBy ?? inherited;
            if (by is not null)
            {
                yield return (policy.Id, by);
            }

            if (policy is PolicyGroup group)
            {
                foreach (var member in Funded(group.Policies, by))
                {
                    yield return member;
                }
            }
        }
    }

    /// <summary>The offers with a campaign budget, in program order (nested in groups too): the budgets a host keeps.</summary>
    public System.Collections.Immutable.ImmutableArray<TargetedOffer> BudgetedOffers
        => budgetedOffers ??= [.. System.Linq.Enumerable.Where(System.Linq.Enumerable.OfType<TargetedOffer>(Leaves(Earn)), o => o.Budget is not null)];

    private System.Collections.Immutable.ImmutableArray<TargetedOffer>? budgetedOffers;

    /// <summary>
    /// What a feature derives from the program once and reuses on every event (the rules it keeps state for, by id, ...):
    /// computed on first use by <paramref name="derive"/>, which must be a static member so it names the same fact each time.
    /// </summary>
    internal T Derived<T>(Func<LoyaltyProgram, T> derive)
        where T : class
        => (T)derived.GetOrAdd(derive, static (d, program) => ((Func<LoyaltyProgram, T>)d)(program), this);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<Delegate, object> derived = new();

    private static System.Collections.Generic.IEnumerable<EarnPolicy> Leaves(System.Collections.Generic.IEnumerable<EarnPolicy> policies) => EarnPolicy.LeavesOf(policies);
    private readonly ReferralDecider? referrals;

    /// <summary>The reward catalog: what members spend points on (<see cref="RewardRedemptionEvent"/>); empty when the program has none.</summary>
    public ImmutableArray<CatalogReward> Rewards { get; }

    /// <summary>The catalog by reward id.</summary>
    internal System.Collections.Frozen.FrozenDictionary<string, CatalogReward> RewardsById { get; }

    /// <summary>The challenges (missions) members complete for a reward; empty when the program has none.</summary>
    public ImmutableArray<Challenge> Challenges { get; }

    /// <summary>The stamp cards ("the 10th coffee is free"); empty when the program has none.</summary>
    public ImmutableArray<StampCard> StampCards { get; }

    /// <summary>The badges (named achievements); empty when the program has none.</summary>
    public ImmutableArray<Badge> Badges { get; }

    internal System.Collections.Frozen.FrozenDictionary<string, Badge> BadgesById { get; }

    /// <summary>The streaks (consecutive days or weeks); empty when the program has none.</summary>
    public ImmutableArray<Streak> Streaks { get; }

    internal System.Collections.Frozen.FrozenDictionary<string, Streak> StreaksById { get; }

    /// <summary>The challenges and stamp cards as the ledger counts them.</summary>
    internal ImmutableArray<Game> Games { get; }

    internal System.Collections.Frozen.FrozenDictionary<string, Game> GamesById { get; }

    /// <summary>When members are reminded of points and vouchers about to expire (<see cref="LedgerProcessor.RemindersDue"/>), or null for never.</summary>
    public ReminderPolicy? Reminders { get; }

    /// <summary>The lifecycle thresholds (new, at risk, dormant, reactivated).</summary>
    public LifecyclePolicy Lifecycle { get; }

    /// <summary>Whether and how members give each other points, or null for no transfers.</summary>
    public TransferPolicy? Transfers { get; }

    /// <summary>Households and their pooled accounts, or null for none.</summary>
    public HouseholdPolicy? Households { get; }

    /// <summary>How two accounts of one person are merged.</summary>
    public MergePolicy Merges { get; }

    /// <summary>The period-end dividend, or null.</summary>
    public DividendPolicy? Dividend { get; }

    /// <summary>What the program check looks for beyond validity.</summary>
    public LintPolicy LintPolicy { get; }

    /// <summary>
    /// The program check (lint): what a valid program may still get wrong, each with the JSON path of the part
    /// concerned: rate rules that overlap and would both pay for the same line (unless marked stackable), rules that
    /// can never fire (a window that ended before <paramref name="asOf"/>, categories excluded from earning, a
    /// first-match member always beaten), multipliers that stack beyond the ceiling the program sets, catalog
    /// rewards whose window ended or whose price is above what a member can hold at once.
    /// </summary>
    /// <param name="asOf">The instant "ended" is judged at.</param>
    /// <returns>The findings; empty when there is nothing to say.</returns>
    public System.Collections.Generic.IReadOnlyList<LintFinding> Lint(Instant asOf) => ProgramLint.Check(this, asOf);

    /// <summary>The fraud checks and the review of held points.</summary>
    public FraudPolicy Fraud { get; }

    /// <summary>The referral policy, or null when the program has none.</summary>
    public ReferralPolicy? ReferralPolicy { get; }

    /// <summary>Decides referrals under <see cref="ReferralPolicy"/>.</summary>
    /// <exception cref="InvalidOperationException">The program has no referral policy.</exception>
    public ReferralDecider Referrals => referrals ?? throw new InvalidOperationException($"Program '{Id}' has no referral policy.");

    /// <summary>The program id.</summary>
    public string Id { get; }

    /// <summary>The program version (1 and up).</summary>
    public int Version { get; }

    /// <summary>The instant this version takes effect (for a <see cref="ProgramCatalog"/>), or null for always.</summary>
    public Instant? EffectiveFrom { get; }

    /// <summary>The ISO 4217 currency of every transaction it evaluates.</summary>
    public string Currency { get; }

    /// <summary>The zone in which days, weeks, months and years are counted.</summary>
    public DateTimeZone TimeZone { get; }

    /// <summary>The tier ids the program declares, lowest first.</summary>
    public ImmutableArray<string> Tiers { get; }

    /// <summary>What money earns.</summary>
    public EarningBase EarningBase { get; }

    /// <summary>How fractional points become whole.</summary>
    public RoundingPolicy Rounding { get; }

    /// <summary>The earn pipeline, in evaluation order.</summary>
    public ImmutableArray<EarnPolicy> Earn { get; }

    /// <summary>The activity rules.</summary>
    public ImmutableArray<ActivityRule> Activities { get; }

    /// <summary>The default pending period and expiry of earned points.</summary>
    public LotPolicy Lots { get; }

    /// <summary>Rules whose points get their own pending period and expiry (e.g. promotional bonuses).</summary>
    public ImmutableDictionary<string, LotPolicy> RuleLots { get; }

    /// <summary>How points are spent and what they are worth.</summary>
    public RedemptionPolicy Redemption { get; }

    /// <summary>Refund shortfalls, retention of event ids, the refund window.</summary>
    public LedgerPolicy LedgerPolicy { get; }

    /// <summary>The automatic spend reward, or null.</summary>
    public SpendReward? SpendReward { get; }

    /// <summary>The tier ladder, or null when the program has none.</summary>
    public TierLadder? TierLadder { get; }

    /// <summary>The one entry point for hosts: processes events against member accounts.</summary>
    public LedgerProcessor Ledger { get; }

    /// <summary>The compiled, thread-safe evaluator of this program.</summary>
    public AccrualEvaluator Evaluator { get; }

    /// <summary>
    /// Decides the member's tier at <paramref name="at"/> from the qualifying activity (in any order) and the tier
    /// status, with the reason, the progress to the next tier and the date the tier is secured until.
    /// </summary>
    /// <param name="status">Enrolment, paid membership, tier set by hand.</param>
    /// <param name="activities">The qualifying activity (older activity is harmless; later than <paramref name="at"/> is ignored).</param>
    /// <param name="at">The instant of the decision.</param>
    /// <returns>The decision.</returns>
    /// <exception cref="InvalidOperationException">The program has no tier ladder.</exception>
    /// <exception cref="ArgumentException">The status names a tier the ladder does not have.</exception>
    public TierDecision DecideTier(TierStatus status, System.Collections.Generic.IEnumerable<QualifyingActivity> activities, Instant at)
        => (TierDecider ?? throw new InvalidOperationException($"Program '{Id}' has no tier ladder.")).Decide(status, activities, at);

    /// <summary>
    /// Loads a program from its JSON definition (format <c>"schemaVersion": 1</c>, see
    /// <c>loyalty-program.schema.json</c>). Every problem is reported at once, each with its JSON path.
    /// </summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The program, built and validated.</returns>
    /// <exception cref="ProgramDefinitionException">The definition is malformed or the program is invalid.</exception>
    public static LoyaltyProgram FromJson(string json)
        => FromJson(System.Text.Encoding.UTF8.GetBytes(Preconditions.NotNull(json, nameof(json))));

    /// <summary>The JSON Schema (draft-07) of the program format, for editors and validators.</summary>
    public static string JsonSchema => ProgramSchema.Json;

    /// <summary>Loads a program from its JSON definition in UTF-8.</summary>
    /// <param name="utf8Json">The UTF-8 bytes.</param>
    /// <returns>The program, built and validated.</returns>
    /// <exception cref="ProgramDefinitionException">The definition is malformed or the program is invalid.</exception>
    public static LoyaltyProgram FromJson(ReadOnlyMemory<byte> utf8Json) => ProgramJsonReader.Read(utf8Json);

    /// <summary>Loads a program from a stream of UTF-8 JSON (read to its end; the stream stays open).</summary>
    /// <param name="utf8Json">The stream.</param>
    /// <returns>The program, built and validated.</returns>
    /// <exception cref="ProgramDefinitionException">The definition is malformed or the program is invalid.</exception>
    public static LoyaltyProgram FromJson(System.IO.Stream utf8Json)
    {
        Preconditions.NotNull(utf8Json, nameof(utf8Json));
        using var copy = new System.IO.MemoryStream();
        utf8Json.CopyTo(copy);
        return FromJson(copy.GetBuffer().AsMemory(0, (int)copy.Length));
    }

    /// <summary>The program as canonical JSON: stable property order, sorted keys, two-space indentation; loading
    /// it gives a program that evaluates identically, and writing that again gives the same bytes.</summary>
    /// <returns>The JSON text.</returns>
    public string ToJson() => System.Text.Encoding.UTF8.GetString(ToJsonUtf8());

    /// <summary>The program as canonical JSON in UTF-8.</summary>
    /// <returns>The UTF-8 bytes.</returns>
    public byte[] ToJsonUtf8() => ProgramJsonWriter.Write(this);

    /// <inheritdoc />
    public override string ToString() => $"{Id} v{Version} ({Currency}, {TimeZone.Id})";
}
