using System;
using System.Linq;

namespace Loyalty.Rules;

/// <summary>Households: membership on both sides, the checks transfers make, contributions and who redeems from a pool.</summary>
internal sealed partial class AccountDraft
{
    /// <summary>Why the account takes no event (closed by a merge), or null.</summary>
    public string? ClosedReason => Closed();

    /// <summary>Why a closed account takes no event, or null when it is open.</summary>
    private string? Closed() => state.Get(MergeState.Closed) is { } closed
        ? $"the account was closed at {closed.At} by merge '{closed.MergeId}': its points are in '{closed.IntoMemberId}'."
        : null;

    /// <summary>Whether this account is a household's pool.</summary>
    private bool IsPool => state.Get(HouseholdState.Pool) is not null;

    /// <summary>
    /// Why this account may not <paramref name="act"/> points within household <paramref name="householdId"/>: a member
    /// account must be in it; a pool must be it (a pool gives to, and takes from, its own members only).
    /// </summary>
    private string? HouseholdProblem(string? householdId, string act)
    {
        if (householdId is null)
        {
            return $"transfers are within a household only: the transfer names none.";
        }

        if (IsPool)
        {
            return householdId == account.MemberId ? null : $"this is the pool of household '{account.MemberId}', not of '{householdId}'.";
        }

        var link = state.Get(HouseholdState.Household);
        return link?.HouseholdId == householdId ? null
            : $"'{account.MemberId}' is not in household '{householdId}'{(link is null ? "" : $" (it is in '{link.HouseholdId}')")}: points are given and received within a household only; cannot {act}.";
    }

    public string? ChangeHousehold(HouseholdMembershipEvent e)
    {
        if (program.Households is not { } policy)
        {
            return "the program has no households.";
        }

        if (Closed() is { } closed)
        {
            return closed;
        }

        if (e.Side == HouseholdSide.Member)
        {
            var link = state.Get(HouseholdState.Household);
            if (IsPool)
            {
                return $"'{account.MemberId}' is a household's pool: a pool joins no household.";
            }

            if (e.Change == HouseholdChange.Leave)
            {
                if (link?.HouseholdId != e.HouseholdId)
                {
                    return $"'{e.Member}' is not in household '{e.HouseholdId}'.";
                }

                state = state.With(HouseholdState.Household, null);
                return null;
            }

            if (link is not null && link.HouseholdId != e.HouseholdId)
            {
                return $"'{e.Member}' is in household '{link.HouseholdId}': leave it before joining '{e.HouseholdId}'.";
            }

            state = state.With(HouseholdState.Household, link ?? new HouseholdLink(e.HouseholdId, at));
            return null;
        }

        if (state.Get(HouseholdState.Household) is not null)
        {
            return $"'{account.MemberId}' is a member's account (in household '{state.Get(HouseholdState.Household)!.HouseholdId}'), not a household's pool.";
        }

        var members = state.Get(HouseholdState.Pool)?.Members ?? [];
        int index = members.FindIndex(m => m.MemberId == e.Member);
        if (e.Change == HouseholdChange.Leave)
        {
            if (index < 0)
            {
                return $"'{e.Member}' is not a member of household '{e.HouseholdId}'.";
            }

            state = state.With(HouseholdState.Pool, new HouseholdPool(members.RemoveAt(index))); // still a pool: its points stay for the members left or to come
            return null;
        }

        if (index >= 0)
        {
            state = state.With(HouseholdState.Pool, new HouseholdPool(members.SetItem(index, members[index] with { MayRedeem = e.MayRedeem })));
            return null;
        }

        if (members.Length >= policy.MaxMembers)
        {
            return FormattableString.Invariant($"household '{e.HouseholdId}' has {members.Length} members, the most the program allows.");
        }

        state = state.With(HouseholdState.Pool, new HouseholdPool(members.Add(new HouseholdMember(e.Member, at, e.MayRedeem))));
        return null;
    }

    /// <summary>Why <paramref name="redeemedBy"/> may not redeem from this account, or null.</summary>
    private string? RedeemerProblem(string? redeemedBy)
    {
        if (!IsPool)
        {
            return redeemedBy is null || redeemedBy == account.MemberId ? null : $"'{redeemedBy}' cannot redeem from the account of '{account.MemberId}'.";
        }

        if (redeemedBy is null)
        {
            return $"'{account.MemberId}' is a household's pool: name the member who redeems.";
        }

        var member = state.Get(HouseholdState.Pool)!.Members.FirstOrDefault(m => m.MemberId == redeemedBy);
        return member is null ? $"'{redeemedBy}' is not a member of household '{account.MemberId}'."
            : member.MayRedeem ? null : $"household '{account.MemberId}' does not allow '{redeemedBy}' to redeem from its pool.";
    }

    /// <summary>Whether the account's earnings go in part to a household pool (each by a receipt to deliver).</summary>
    public bool Pools => program.Households is not null && state.Get(HouseholdState.Household) is not null;

    /// <summary>The receipt of the transfer this event sent (its giver's side, or an automatic contribution), unsigned; or null.</summary>
    public TransferReceipt? Sent { get; private set; }

    /// <summary>
    /// Sends the household policy's share of what this event earned to the member's household pool: taken from the
    /// event's own lots (pending ones too: they arrive pending), as a transfer <c>{eventId}/contribution</c>; for a
    /// program that qualifies households, with what the event qualifies for tiers (then even with no points).
    /// </summary>
    private void Contribute(long earned, string? hold, QualifyingActivity qualifying)
    {
        if (hold is not null || program.Households is not { } policy || state.Get(HouseholdState.Household) is not { } link)
        {
            return;
        }

        bool Own(PointLot lot) => lot.SourceId == eventId && !lot.IsHeld && !IsGameLot(lot);
        long points = Math.Min(policy.ContributionOf(earned), lots.Where(Own).Sum(l => l.Remaining.Value));
        if (points > 0 || policy.QualifiesHousehold)
        {
            Sent = Give($"{eventId}/contribution", link.HouseholdId, link.HouseholdId, points, 0, pendingToo: true, Own) with
            {
                Qualifying = policy.QualifiesHousehold ? qualifying : null,
            };
        }
    }
}
