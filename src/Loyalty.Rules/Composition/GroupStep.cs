using System;

namespace Loyalty.Rules.Accrual;

/// <summary>A group: sum, best-of or first-match of its members.</summary>
internal sealed class GroupStep(PolicyGroup group, Step[] members, CompileContext context) : Step(group, context)
{
    private readonly Composition composition = group.Composition;

    public override bool Apply(in EvaluationFacts o, ref Basket b, ref ItemSink sink)
    {
        if (!Holds(o))
        {
            return false;
        }

        switch (composition)
        {
            case Composition.Sum:
                bool any = false;
                foreach (var member in members)
                {
                    any |= member.Apply(o, ref b, ref sink);
                }

                return any;
            case Composition.FirstMatch:
                foreach (var member in members)
                {
                    if (member.Apply(o, ref b, ref sink))
                    {
                        return true;
                    }
                }

                return false;
            default:
                return ApplyBest(o, ref b, ref sink);
        }
    }

    /// <summary>Tries each member on the same state, keeps the one that adds most (first on ties), applies it for real.</summary>
    private bool ApplyBest(in EvaluationFacts o, ref Basket b, ref ItemSink sink)
    {
        // Only the per-component state this program tracks needs saving (the spans are empty otherwise).
        int values = b.Value.Length, rated = b.Rated.Length;
        Span<decimal> saved = values + rated <= 128 ? stackalloc decimal[values + rated] : new decimal[values + rated];
        b.Value.CopyTo(saved);
        b.Rated.CopyTo(saved[values..]);
        (decimal sum, decimal scale, bool scaled, decimal bonus, decimal credits) savedScalars = (b.Sum, b.Scale, b.Scaled, b.Fixed, b.TierCredits);
        decimal before = b.Total();
        int best = -1;
        decimal bestAdded = 0m;
        var off = default(ItemSink);
        for (int k = 0; k < members.Length; k++)
        {
            if (!members[k].Apply(o, ref b, ref off))
            {
                continue;
            }

            decimal added = b.Total() - before;
            if (best < 0 || added > bestAdded)
            {
                best = k;
                bestAdded = added;
            }

            saved[..values].CopyTo(b.Value);
            saved[values..].CopyTo(b.Rated);
            (b.Sum, b.Scale, b.Scaled, b.Fixed, b.TierCredits) = savedScalars;
        }

        return best >= 0 && members[best].Apply(o, ref b, ref sink);
    }
}
