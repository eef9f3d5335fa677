using System;
using System.Linq;

namespace Loyalty.Rules.Accrual;

/// <summary>
/// The total path, in integers, for programs made only of rates, multipliers on every component (campaigns and tier
/// accelerators), spend thresholds and fixed, first-purchase or reactivation bonuses (caps follow as usual), rounded once per
/// transaction without carried fractions or tier credits, whose rates, factors and thresholds are all exact in
/// ten-thousandths. It does the decimal pipeline's arithmetic exactly, in 64-bit integers: the rate points as an integer
/// at a scale of 10^-8 that each multiplier deepens by as many digits as its factor has decimals (x2 by none, x1.5 by
/// one), the bonuses apart, one rounding at the end. Used on the total path for baskets whose amounts are exact in
/// ten-thousandths; it gives up (the caller then runs the decimal pipeline) on overflow.
/// </summary>
internal sealed class IntegerPlan
{
    /// <summary>The deepest scale a sum can reach (10^18 still fits in a long).</summary>
    public const int MaxScale = 18;

    /// <summary>10^0 .. 10^18.</summary>
    public static readonly long[] Powers = Enumerable.Range(0, MaxScale + 1).Select(e => (long)Math.Pow(10, e)).ToArray();

    /// <summary>How often this thread's plans gave up to the decimal pipeline (tests read it: giving up is slow, never wrong).</summary>
    [ThreadStatic]
    internal static int GaveUp;

    private readonly IntegerOp[] ops;
    private readonly RoundingMode rounding;

    private IntegerPlan(IntegerOp[] ops, RoundingMode rounding)
    {
        this.ops = ops;
        this.rounding = rounding;
    }

    /// <summary>The plan of a program's steps, or null when one of them (or the program's rounding) has no integer form.</summary>
    public static IntegerPlan? Create(Step[] steps, RoundingPolicy rounding, bool awardsTierCredits, int tiers)
    {
        if (rounding.Scope != RoundingScope.PerTransaction || rounding.CarryFraction || awardsTierCredits)
        {
            return null;
        }

        var ops = new IntegerOp[steps.Length];
        for (int i = 0; i < steps.Length; i++)
        {
            if (steps[i].IntegerOp(tiers) is not { } op)
            {
                return null;
            }

            ops[i] = op;
        }

        return new IntegerPlan(ops, rounding.Mode);
    }

    /// <summary>The rounded points and the exact points, or false when the decimal pipeline must decide.</summary>
    public bool TryRun(in EvaluationFacts o, in Basket b, long eligibleE4, out long rounded, out decimal exact)
    {
        rounded = 0;
        exact = 0m;
        try
        {
            var sum = new IntegerSum { Scale = 8 };
            foreach (var op in ops)
            {
                if (!op.Run(o, b, eligibleE4, ref sum))
                {
                    GaveUp++;
                    return false;
                }
            }

            long unit = Powers[sum.Scale];
            var (quotient, remainder) = Math.DivRem(sum.Rated, unit);
            quotient = checked(quotient + sum.Bonuses);
            long exactScaled = checked(sum.Rated + (sum.Bonuses * unit));
            exact = new decimal(unchecked((int)exactScaled), unchecked((int)(exactScaled >> 32)), 0, false, (byte)sum.Scale);
            rounded = checked(quotient + Round(quotient, remainder, unit));
            return true;
        }
        catch (OverflowException)
        {
            GaveUp++;
            return false;
        }
    }

    /// <summary>What rounding adds to the whole part of a non-negative value: 0 or 1.</summary>
    private long Round(long quotient, long remainder, long unit)
    {
        if (remainder == 0)
        {
            return 0;
        }

        // remainder < unit <= 10^18, so twice the remainder still fits
        long twice = remainder * 2;
        return rounding switch
        {
            RoundingMode.Floor => 0,
            RoundingMode.Ceiling => 1,
            RoundingMode.HalfEven => twice > unit || (twice == unit && (quotient & 1) != 0) ? 1 : 0,
            _ => twice >= unit ? 1 : 0,
        };
    }
}

/// <summary>
/// The running figures of an integer plan: the rate points (with their multipliers) times 10^<see cref="Scale"/>, and
/// the whole-point bonuses apart.
/// </summary>
internal struct IntegerSum
{
    public long Rated;

    public int Scale;

    public long Bonuses;
}

/// <summary>One step in integer form; a step kind that has one returns it from <see cref="Step.IntegerOp"/>.</summary>
internal abstract class IntegerOp
{
    /// <summary>Adds the step's part exactly; false (or an overflow) when the decimal pipeline must decide.</summary>
    public abstract bool Run(in EvaluationFacts o, in Basket b, long eligibleE4, ref IntegerSum sum);
}
