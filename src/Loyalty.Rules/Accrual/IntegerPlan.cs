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
    private const int MaxScale = 18;
    private static readonly long[] Powers = Enumerable.Range(0, MaxScale + 1).Select(e => (long)Math.Pow(10, e)).ToArray();

    /// <summary>How often this thread's plans gave up to the decimal pipeline (tests read it: giving up is slow, never wrong).</summary>
    [ThreadStatic]
    internal static int GaveUp;

    private readonly Op[] ops;
    private readonly RoundingMode rounding;

    private IntegerPlan(Op[] ops, RoundingMode rounding)
    {
        this.ops = ops;
        this.rounding = rounding;
    }

    private enum Kind
    {
        Rate,
        Multiply,
        Threshold,
        Bonus,
    }

    /// <summary>The plan of a program's steps, or null when one of them (or the program's rounding) has no integer form.</summary>
    public static IntegerPlan? Create(Step[] steps, RoundingPolicy rounding, bool awardsTierCredits, int tiers)
    {
        if (rounding.Scope != RoundingScope.PerTransaction || rounding.CarryFraction || awardsTierCredits)
        {
            return null;
        }

        var ops = new Op[steps.Length];
        for (int i = 0; i < steps.Length; i++)
        {
            switch (steps[i])
            {
                case RateStep { RatesE4: { } rates } rate:
                    ops[i] = new Op(Kind.Rate, rate, rates, rate.PerWholeUnit, null, 0, 0);
                    break;
                case MultiplierStep { OnEveryComponent: true } multiplier when multiplier.Factors.All(f => Currency.TryToTenThousandths(f, out _)):
                    // Factors by tier index + 1 (0: no tier) as a whole number and its decimals; -1 where the step does not act.
                    var factors = new long[tiers + 1];
                    var digits = new int[tiers + 1];
                    for (int t = -1; t < tiers; t++)
                    {
                        factors[t + 1] = -1;
                        if (multiplier.FactorFor(t) is { } f && Currency.TryToTenThousandths(f, out long e4))
                        {
                            (factors[t + 1], digits[t + 1]) = (e4, 4);
                            while (digits[t + 1] > 0 && factors[t + 1] % 10 == 0)
                            {
                                factors[t + 1] /= 10;
                                digits[t + 1]--;
                            }
                        }
                    }

                    ops[i] = new Op(Kind.Multiply, multiplier, null, false, factors, 0, 0, digits);
                    break;
                case ThresholdStep threshold when Currency.TryToTenThousandths(threshold.Minimum, out long minimumE4):
                    ops[i] = new Op(Kind.Threshold, threshold, null, false, null, minimumE4, threshold.Points);
                    break;
                case BonusStep bonus:
                    ops[i] = new Op(Kind.Bonus, bonus, null, false, null, 0, bonus.Points);
                    break;
                default:
                    return null;
            }
        }

        return new IntegerPlan(ops, rounding.Mode);
    }

    /// <summary>The rounded points and the exact points, or false when the decimal pipeline must decide.</summary>
    public bool TryRun(in Occasion o, in Basket b, long eligibleE4, out long rounded, out decimal exact)
    {
        rounded = 0;
        exact = 0m;
        try
        {
            long sum = 0; // the rate points (with their multipliers), times 10^scale
            int scale = 8;
            long bonuses = 0;
            for (int k = 0; k < ops.Length; k++)
            {
                ref readonly var op = ref ops[k];
                switch (op.Kind)
                {
                    case Kind.Rate:
                        if (!op.Step.Holds(o))
                        {
                            break;
                        }

                        if (!op.Rates!.TrySumE8(in b, op.PerWholeUnit, out long e8))
                        {
                            GaveUp++;
                            return false;
                        }

                        sum = checked(sum + (e8 * Powers[scale - 8]));
                        break;
                    case Kind.Multiply:
                        long factor = op.Factors![o.TierIndex + 1];
                        if (factor < 0 || !op.Step.Holds(o))
                        {
                            break;
                        }

                        scale += op.Digits![o.TierIndex + 1];
                        if (scale > MaxScale)
                        {
                            GaveUp++;
                            return false;
                        }

                        sum = checked(sum * factor);
                        break;
                    case Kind.Threshold:
                        if (eligibleE4 >= op.Value && op.Step.Holds(o))
                        {
                            bonuses = checked(bonuses + op.Points);
                        }

                        break;
                    default:
                        if (((BonusStep)op.Step).Pays(o))
                        {
                            bonuses = checked(bonuses + op.Points);
                        }

                        break;
                }
            }

            long unit = Powers[scale];
            var (quotient, remainder) = Math.DivRem(sum, unit);
            quotient = checked(quotient + bonuses);
            long exactScaled = checked(sum + (bonuses * unit));
            exact = new decimal(unchecked((int)exactScaled), unchecked((int)(exactScaled >> 32)), 0, false, (byte)scale);
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

    /// <summary>One step in integer form.</summary>
    private readonly record struct Op(Kind Kind, Step Step, RatesE4? Rates, bool PerWholeUnit, long[]? Factors, long Value, long Points, int[]? Digits = null);
}
