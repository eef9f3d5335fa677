using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;

namespace Loyalty.Rules;

/// <summary>Two programs compared over the same history (<see cref="Replay.Compare"/>, or <see cref="Between"/> two reports).</summary>
public sealed record ReplayDiff
{
    /// <summary>How many changed members a comparison lists unless told otherwise.</summary>
    public const int DefaultTopMembers = 20;

    /// <summary>The current program's replay.</summary>
    public required ReplayReport Current { get; init; }

    /// <summary>The candidate program's replay.</summary>
    public required ReplayReport Candidate { get; init; }

    /// <summary>Every figure of both replays side by side (points, money amounts, counts), in a fixed order.</summary>
    public required ImmutableArray<FigureDiff> Figures { get; init; }

    /// <summary>The points each rule gave, side by side, by rule id (a rule of one program only has 0 in the other).</summary>
    public required ImmutableArray<FigureDiff> Rules { get; init; }

    /// <summary>The members whose tier, balance or points per rule differ: how many.</summary>
    public required int MembersChanged { get; init; }

    /// <summary>The members whose final tier differs: how many.</summary>
    public required int TierChanges { get; init; }

    /// <summary>The members that change most: tier changes first, then by the size of the balance change, then by id.</summary>
    public required ImmutableArray<MemberDiff> Members { get; init; }

    /// <summary>Whether the two replays agree on every figure, every rule and every member.</summary>
    public bool IsEmpty => MembersChanged == 0 && Figures.All(f => f.Difference == 0m) && Rules.All(r => r.Difference == 0m);

    /// <summary>Compares two reports of the same history.</summary>
    /// <param name="current">The current program's report.</param>
    /// <param name="candidate">The candidate program's report.</param>
    /// <param name="topMembers">How many changed members to list (0 or more).</param>
    /// <returns>The comparison.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="topMembers"/> is negative.</exception>
    public static ReplayDiff Between(ReplayReport current, ReplayReport candidate, int topMembers = DefaultTopMembers)
    {
        Preconditions.NotNull(current, nameof(current));
        Preconditions.NotNull(candidate, nameof(candidate));
        if (topMembers < 0)
        {
            throw Preconditions.OutOfRange(nameof(topMembers), topMembers, "must not be negative.");
        }

        var changed = new List<MemberDiff>();
        int tierChanges = 0;
        int i = 0, j = 0;
        while (i < current.Members.Length || j < candidate.Members.Length)
        {
            int order = i == current.Members.Length ? 1 : j == candidate.Members.Length ? -1 : string.CompareOrdinal(current.Members[i].MemberId, candidate.Members[j].MemberId);
            var a = order <= 0 ? current.Members[i++] : null;
            var b = order >= 0 ? candidate.Members[j++] : null;
            var diff = MemberDiff.Of(a, b);
            if (diff is not null)
            {
                changed.Add(diff);
                tierChanges += diff.TierChanged ? 1 : 0;
            }
        }

        return new ReplayDiff
        {
            Current = current,
            Candidate = candidate,
            Figures = [.. FiguresOf(current, candidate)],
            Rules = [.. Side(current.IssuedByRule, candidate.IssuedByRule)],
            MembersChanged = changed.Count,
            TierChanges = tierChanges,
            Members = [.. changed
                .OrderByDescending(m => m.TierChanged)
                .ThenByDescending(m => Math.Abs(m.BalanceChange.Value))
                .ThenBy(m => m.MemberId, StringComparer.Ordinal)
                .Take(topMembers)],
        };
    }

    /// <summary>The rules of two sets of per-rule points, side by side, by rule id.</summary>
    internal static IEnumerable<FigureDiff> Side(IReadOnlyDictionary<string, decimal> current, IReadOnlyDictionary<string, decimal> candidate)
        => current.Keys.Union(candidate.Keys).Order(StringComparer.Ordinal)
            .Select(rule => new FigureDiff(rule, current.GetValueOrDefault(rule), candidate.GetValueOrDefault(rule)));

    private static IEnumerable<FigureDiff> FiguresOf(ReplayReport a, ReplayReport b)
    {
        static decimal Status(ReplayReport r, LedgerStatus s) => r.Statuses.GetValueOrDefault(s);
        FigureDiff F(string name, Func<ReplayReport, decimal> of) => new(name, of(a), of(b));

        yield return F("events applied", r => Status(r, LedgerStatus.Applied));
        yield return F("events held", r => Status(r, LedgerStatus.Held));
        yield return F("events rejected", r => Status(r, LedgerStatus.Rejected));
        yield return F("points issued", r => r.Liability.Issued.Value);
        yield return F("points redeemed", r => r.Liability.Totals.Redeemed.Value);
        yield return F("points expired (breakage)", r => r.Liability.Breakage.Value);
        yield return F("points reversed by refunds", r => r.Liability.Totals.Reversed.Value);
        yield return F("points voided", r => r.Liability.Totals.Voided.Value);
        yield return F("outstanding points", r => r.Liability.Outstanding.Value);
        yield return F("held points", r => r.Liability.Held.Value);
        yield return F("liability", r => r.Liability.Liability.Amount);
        yield return F("breakage rate", r => r.Liability.BreakageRate);
        yield return F("referral points", r => r.ReferralPoints.Value);
        yield return F("referral reward value", r => r.ReferralRewardValue.Amount);
        yield return F("rewards issued", r => r.RewardsIssued);
        yield return F("reward value", r => r.RewardValue.Amount);
        foreach (string tier in a.ByTier.Select(g => g.Group).Union(b.ByTier.Select(g => g.Group)))
        {
            yield return F($"members in {tier}", r => r.ByTier.FirstOrDefault(g => g.Group == tier)?.Members ?? 0);
        }

        yield return F("lapsed members", r => r.AllMembers.Lapsed);
    }
}

/// <summary>A figure of two replays side by side.</summary>
/// <param name="Name">The figure ("points issued", a rule id, ...).</param>
/// <param name="Current">Its value in the current program's replay.</param>
/// <param name="Candidate">Its value in the candidate's.</param>
public sealed record FigureDiff(string Name, decimal Current, decimal Candidate)
{
    /// <summary>Candidate less current.</summary>
    public decimal Difference => Candidate - Current;
}

/// <summary>One member whose replay differs between two programs, and why.</summary>
/// <param name="MemberId">The member.</param>
/// <param name="CurrentTier">The final tier under the current program (null: none, or not in that replay).</param>
/// <param name="CandidateTier">The final tier under the candidate.</param>
/// <param name="CurrentBalance">The final outstanding points under the current program.</param>
/// <param name="CandidateBalance">Under the candidate.</param>
/// <param name="Rules">The rules that gave this member different points, largest difference first.</param>
public sealed record MemberDiff(string MemberId, string? CurrentTier, string? CandidateTier, Points CurrentBalance, Points CandidateBalance, ImmutableArray<FigureDiff> Rules)
{
    /// <summary>Candidate balance less current.</summary>
    public Points BalanceChange => CandidateBalance - CurrentBalance;

    /// <summary>Whether the final tier differs.</summary>
    public bool TierChanged => !string.Equals(CurrentTier, CandidateTier, StringComparison.Ordinal);

    /// <summary>The reason in words: the tier change, then each rule's difference ("double-tuesday -120").</summary>
    public string Reason
    {
        get
        {
            var parts = new List<string>();
            if (TierChanged)
            {
                parts.Add($"tier {CurrentTier ?? "none"} -> {CandidateTier ?? "none"}");
            }

            parts.AddRange(Rules.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Name} {r.Difference:+0.####;-0.####}")));
            if (parts.Count == 0)
            {
                parts.Add("the same rules, with other redemptions, expiry or caps in effect");
            }

            return string.Join("; ", parts);
        }
    }

    /// <summary>The difference of one member's two rows (either may be missing); null when they agree.</summary>
    internal static MemberDiff? Of(ReplayMember? a, ReplayMember? b)
    {
        var current = (a?.ByRule ?? []).ToDictionary(r => r.RuleId, r => r.Points, StringComparer.Ordinal);
        var candidate = (b?.ByRule ?? []).ToDictionary(r => r.RuleId, r => r.Points, StringComparer.Ordinal);
        var rules = ReplayDiff.Side(current, candidate).Where(r => r.Difference != 0m)
            .OrderByDescending(r => Math.Abs(r.Difference)).ThenBy(r => r.Name, StringComparer.Ordinal).ToImmutableArray();
        var diff = new MemberDiff((a ?? b)!.MemberId, a?.TierId, b?.TierId, a?.Balance ?? 0, b?.Balance ?? 0, rules);
        return diff.TierChanged || diff.BalanceChange != 0 || rules.Length > 0 || a is null || b is null ? diff : null;
    }
}
