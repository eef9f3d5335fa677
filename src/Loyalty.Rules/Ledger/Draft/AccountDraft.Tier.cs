using System.Collections.Generic;
using NodaTime;

namespace Loyalty.Rules;

/// <summary>The member's tier, kept in the account: a paid tier or a tier set by hand, and what each event qualifies.</summary>
internal sealed partial class AccountDraft
{
    /// <summary>
    /// The member's tier track as the draft stands: kept here, not in <see cref="state"/>, while the draft works (each event
    /// folds it), and put into the state the account is written with (<see cref="StateToWrite"/>). Its last instant is
    /// <see cref="trackLast"/> (its own <see cref="TierTrack.Last"/> may be behind: an event that only lets time pass
    /// makes no new track); <see cref="Track"/> is the two as one.
    /// </summary>
    private TierTrack? track;

    private Instant trackLast;

    /// <summary>The tier track as the draft stands, its last instant in it.</summary>
    private TierTrack? Track => track is { } kept && kept.Last < trackLast ? kept with { Last = trackLast } : track;

    /// <summary>Keeps <paramref name="kept"/> as the track, its own last instant with it.</summary>
    private void KeepTrack(TierTrack? kept) => (track, trackLast) = (kept, kept?.Last ?? default);

    /// <summary>The member state to write: the draft's, with its tier track (whole: the draft goes on from the track written).</summary>
    private MemberState StateToWrite()
    {
        KeepTrack(Track);
        return ReferenceEquals(track, state.Get(TierState.Track)) ? state : state.With(TierState.Track, track);
    }

    /// <summary>The tier decided for the event, and how it changed since the host was last told; null without a ladder.</summary>
    public TierDecision? Tier { get; private set; }

    /// <summary>The change of tier the event (or the time passed) made, or null.</summary>
    public TierChange? TierChange { get; private set; }

    /// <summary>The account's tier at the event's instant, before the event: what the evaluation sees when the host names none.</summary>
    private string? TierBefore(MemberContext member)
        => member.TierId is null && program.TierDecider is { } decider && track is { } kept ? decider.TierIdOf(kept, at, trackLast) : member.TierId;

    /// <summary>A paid tier bought or ended, or a tier set by hand or removed.</summary>
    public string? SetTierStatus(LedgerEvent e, MemberContext member)
    {
        if (program.TierDecider is not { } decider)
        {
            return $"program '{program.Id}' has no tier ladder: there is no tier to set.";
        }

        string? tierId = e is TierOverrideEvent o ? o.TierId : ((PaidTierEvent)e).TierId;
        if (tierId is not null && !decider.Has(tierId))
        {
            return $"tier '{tierId}' is not in the ladder ({decider.TierList}).";
        }

        var open = OpenTrack(decider, member);
        var status = e switch
        {
            TierOverrideEvent set => open.Status with { Override = set.Override },
            PaidTierEvent { TierId: null } => open.Status with { PaidTierId = null, PaidFrom = null, PaidUntil = null },
            PaidTierEvent paid => open.Status with { PaidTierId = paid.TierId, PaidFrom = paid.At, PaidUntil = paid.PaidUntil },
            _ => open.Status,
        };
        KeepTrack(open with { Status = status, OverrideApplied = e is TierOverrideEvent ? false : open.OverrideApplied });
        return null;
    }

    /// <summary>
    /// Counts what the event qualifies (and what deadline releases did) into the account's tier, decides it at the
    /// event's instant, and notes a change (<paramref name="then"/>: the event's own activity, after the releases). Without a member (due work), an account that never had an event has no tier yet.
    /// </summary>
    public void CountTier(MemberContext? member, IReadOnlyList<QualifyingActivity> qualifying, QualifyingActivity? then = null)
    {
        if (program.TierDecider is not { } decider || (member is null && track is null))
        {
            return;
        }

        var (folded, last, decision) = track is { } kept ? decider.Fold(kept, trackLast, qualifying, at, then, progress: !Quiet) : decider.Fold(OpenTrack(decider, member), default, qualifying, at, then, progress: !Quiet);
        string before = folded.ReportedTierId ?? program.TierLadder!.Tiers[0].Id;
        if (decision.TierId != before)
        {
            TierChange = new TierChange(before, decision.TierId, Reason(decider, folded, decision));
        }

        Tier = decision;
        foreach (var badge in program.Badges)
        {
            if (badge.Criterion is BadgeCriterion.TierCriterion reached && reached.Tier == decision.TierId)
            {
                AwardBadge(badge.Id, decision.TierId, $"tier '{decision.TierId}' reached");
            }
        }

        track = folded.ReportedTierId == decision.TierId && folded.ReportedSource == decision.Source ? folded : folded with { ReportedTierId = decision.TierId, ReportedSource = decision.Source };
        trackLast = last;
    }

    private TierTrack OpenTrack(TierDecider decider, MemberContext? member)
        => Track ?? decider.Open(new TierStatus { EnrolledOn = member?.EnrolledOn ?? Today }, Today);

    private static TierChangeReason Reason(TierDecider decider, TierTrack before, TierDecision now) => now.Source switch
    {
        TierSource.SetByHand => TierChangeReason.SetByHand,
        TierSource.Paid when before.ReportedSource != TierSource.Paid => TierChangeReason.PaidTierStarted,
        _ when before.ReportedSource == TierSource.Paid && now.Source != TierSource.Paid => TierChangeReason.PaidTierEnded,
        _ when before.ReportedSource == TierSource.SetByHand => TierChangeReason.SetByHandEnded,
        _ => decider.RankOf(now.TierId) > decider.RankOf(before.ReportedTierId) ? TierChangeReason.Upgraded : TierChangeReason.Downgraded,
    };
}
