using System;
using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Linq;
using NodaTime;

namespace Loyalty.Rules;

/// <summary>What the account keeps for limited offers across events.</summary>
internal static class TargetedOfferState
{
    /// <summary>The member's uses of limited offers: per offer, its latest two windows with uses.</summary>
    public static MemberStateKind<ImmutableArray<OfferUse>> Uses { get; } = MemberStateKind.List("offerUses", LedgerJson.Default.ImmutableArrayOfferUse, Count, MemberStateKind.Both);

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

            offerUses = Used(offerUses, offer.Id, offer.WindowOf(earned.Date));
        }

        return offerUses;
    }

    /// <summary>The uses with one more of <paramref name="offerId"/> in <paramref name="window"/> (a method of its own: its closures are made only for an offer that paid).</summary>
    private static ImmutableArray<OfferUse> Used(ImmutableArray<OfferUse> offerUses, string offerId, LocalDate window)
    {
        var uses = offerUses.Where(u => u.OfferId == offerId).ToList();
        var current = uses.FirstOrDefault(u => u.WindowStart == window);
        if (current is not null)
        {
            uses.Remove(current);
        }

        uses.Add(new OfferUse(offerId, window, (current?.Count ?? 0) + 1));
        var kept = uses.OrderByDescending(u => u.WindowStart).Take(2);
        return [.. offerUses.Where(u => u.OfferId != offerId).Concat(kept).OrderBy(u => u.OfferId, StringComparer.Ordinal).ThenBy(u => u.WindowStart)];
    }

    /// <summary>The offers with a per-member limit, by id.</summary>
    private static FrozenDictionary<string, TargetedOffer> LimitedOffers(LoyaltyProgram program)
        => EarnPolicy.LeavesOf(program.Earn).OfType<TargetedOffer>().Where(o => o.Limit is not null).ToFrozenDictionary(o => o.Id, StringComparer.Ordinal);
}
