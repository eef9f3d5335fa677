using System;

namespace Loyalty.Rules.Accrual;

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

    public override bool Apply(in EvaluationFacts o, ref Basket b, ref ItemSink sink)
    {
        if (o.At < offer.StartsAt || o.At >= offer.EndsAt || b.EligibleSpend < offer.MinimumSpend || !Holds(o) || Exhausted(o))
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

        long granted = Math.Min(award, grant.Granted.Value);
        if (granted == 0)
        {
            sink.Add(Id, kind, 0m, offer.Factor, sink.IsOn ? $"{Explain(offer, offer.Words(0))}: {grant.Reason}" : "");
            return false; // refused: the offer does not act, so a first-match group tries the next member
        }

        b.Fixed += granted;
        sink.Add(Id, kind, granted, offer.Factor, sink.IsOn ? $"{Explain(offer, offer.Words(granted))}: budget {grant.Reason}" : "");
        return true;
    }

    private BudgetClaim? Grant(in EvaluationFacts o)
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
    private bool Exhausted(in EvaluationFacts o)
    {
        if (offer.Limit is not { } limit || o.Member is not { } member)
        {
            return false;
        }

        var window = offer.WindowOf(NodaTime.LocalDate.FromDateOnly(DateOnly.FromDayNumber(o.DayNumber)));
        int remembered = 0;
        bool later = true;
        foreach (var use in member.State.Get(TargetedOfferState.Uses))
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
