using System;
using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Linq;

namespace Loyalty.Rules;

/// <summary>What the account keeps for limited offers across events.</summary>
internal static class TargetedOfferState
{
    /// <summary>The member's uses of limited offers: per offer, its latest two windows with uses.</summary>
    public static MemberStateKind<ImmutableArray<OfferUse>> Uses { get; } = MemberStateKind.List("offerUses", LedgerJson.Default.ImmutableArrayOfferUse, Count);

    /// <summary>Counts a use of each limited offer that paid in a purchase, in its window; keeps each offer's latest two windows.</summary>
    private static ImmutableArray<OfferUse> Count(ImmutableArray<OfferUse> offerUses, EarnedPoints earned)
    {
        if (earned.Accrual is not { } accrual)
        {
            return offerUses; // refunds and voided holds do not give a use back
        }

        var limited = earned.Program.Derived(LimitedOffers);
        foreach (var item in accrual.Items)
        {
            if (item.Points <= 0m || !limited.TryGetValue(item.RuleId, out var offer))
            {
                continue;
            }

            var window = offer.WindowOf(earned.Date);
            var uses = offerUses.Where(u => u.OfferId == offer.Id).ToList();
            var current = uses.FirstOrDefault(u => u.WindowStart == window);
            if (current is not null)
            {
                uses.Remove(current);
            }

            uses.Add(new OfferUse(offer.Id, window, (current?.Count ?? 0) + 1));
            var kept = uses.OrderByDescending(u => u.WindowStart).Take(2);
            offerUses = [.. offerUses.Where(u => u.OfferId != offer.Id).Concat(kept).OrderBy(u => u.OfferId, StringComparer.Ordinal).ThenBy(u => u.WindowStart)];
        }

        return offerUses;
    }

    /// <summary>The offers with a per-member limit, by id.</summary>
    private static FrozenDictionary<string, TargetedOffer> LimitedOffers(LoyaltyProgram program)
        => EarnPolicy.LeavesOf(program.Earn).OfType<TargetedOffer>().Where(o => o.Limit is not null).ToFrozenDictionary(o => o.Id, StringComparer.Ordinal);
}
