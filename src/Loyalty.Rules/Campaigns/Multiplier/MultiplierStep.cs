using System.Collections.Generic;
using System.Linq;

namespace Loyalty.Rules.Accrual;

/// <summary>A campaign multiplier (one factor) or a tier accelerator (a factor per tier) on the modified points.</summary>
internal sealed class MultiplierStep : Step
{
    private readonly decimal factor;
    private readonly decimal?[]? tierFactors;
    private readonly string[] reasons;
    private readonly LineScope scope;

    /// <summary>Whether it multiplies every component (not some categories or skus).</summary>
    public bool OnEveryComponent => scope.IsAll;

    /// <summary>The factor for a member of tier <paramref name="tierIndex"/> (-1 for none), or null when it does not act.</summary>
    public decimal? FactorFor(int tierIndex)
        => tierFactors is null ? factor : tierIndex < 0 ? null : tierFactors[tierIndex];

    /// <summary>Every factor it can apply.</summary>
    public IEnumerable<decimal> Factors => tierFactors is null ? [factor] : tierFactors.Where(f => f is not null).Select(f => f!.Value);

    public MultiplierStep(EarnPolicy policy, decimal factor, decimal?[]? tierFactors, LineScope scope, CompileContext context)
        : base(policy, context)
    {
        this.factor = factor;
        this.tierFactors = tierFactors;
        this.scope = scope;
        reasons = tierFactors is null
            ? [Explain(policy, $"x{EarnRate.Number(factor)} {Label}")]
            : tierFactors.Select((f, i) => Explain(policy, $"x{EarnRate.Number(f ?? 1m)} {context.Tiers[i]} tier")).ToArray();
    }

    public override bool Apply(in EvaluationFacts o, ref Basket b, ref ItemSink sink)
    {
        decimal f = factor;
        string reason = reasons[0];
        if (tierFactors is not null)
        {
            if (o.TierIndex < 0 || tierFactors[o.TierIndex] is not { } tierFactor)
            {
                return false;
            }

            f = tierFactor;
            reason = reasons[o.TierIndex];
        }

        if (!Holds(o))
        {
            return false;
        }

        decimal added;
        if (scope.IsAll)
        {
            ScaleAll(ref b, ref sink, f, Id, reason);
            return true;
        }
        else
        {
            b.Materialize();
            added = 0m;
            for (int i = 0; i < b.Count; i++)
            {
                decimal value = b.Value[i];
                if (scope.Includes(b, i))
                {
                    decimal after = value * f;
                    b.Value[i] = after;
                    added += after - value;
                }
            }

            b.Sum += added;
        }

        sink.Add(Id, AccrualItemKind.Multiplier, added, f, reason);
        return true;
    }

    /// <summary>
    /// On every component, with factors exact in ten-thousandths: factors by tier index + 1 (0: no tier) as a whole
    /// number and its decimals, -1 where the step does not act.
    /// </summary>
    public override IntegerOp? IntegerOp(int tiers)
    {
        if (!scope.IsAll || !Factors.All(f => Currency.TryToTenThousandths(f, out _)))
        {
            return null;
        }

        var factors = new long[tiers + 1];
        var digits = new int[tiers + 1];
        for (int t = -1; t < tiers; t++)
        {
            factors[t + 1] = -1;
            if (FactorFor(t) is { } f && Currency.TryToTenThousandths(f, out long e4))
            {
                (factors[t + 1], digits[t + 1]) = (e4, 4);
                while (digits[t + 1] > 0 && factors[t + 1] % 10 == 0)
                {
                    factors[t + 1] /= 10;
                    digits[t + 1]--;
                }
            }
        }

        return new MultiplyOp(this, factors, digits);
    }

    /// <summary>Every component by one factor: one pending factor instead of a pass over the lines.</summary>
    public static void ScaleAll(ref Basket b, ref ItemSink sink, decimal f, string id, string reason)
    {
        if (!sink.IsOn)
        {
            b.Scale *= f;
            b.Scaled = true;
            return;
        }

        decimal before = b.Total();
        b.Scale *= f;
        b.Scaled = true;
        sink.Add(id, AccrualItemKind.Multiplier, b.Total() - before, f, reason);
    }
}

/// <summary>A multiplier on every component in integers: the sum times the factor, its scale deepened by the factor's decimals.</summary>
internal sealed class MultiplyOp(Step step, long[] factors, int[] digits) : IntegerOp
{
    public override bool Run(in EvaluationFacts o, in Basket b, long eligibleE4, ref IntegerSum sum)
    {
        long factor = factors[o.TierIndex + 1];
        if (factor < 0 || !step.Holds(o))
        {
            return true;
        }

        sum.Scale += digits[o.TierIndex + 1];
        if (sum.Scale > IntegerPlan.MaxScale)
        {
            return false;
        }

        sum.Rated = checked(sum.Rated * factor);
        return true;
    }
}
