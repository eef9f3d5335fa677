using System;
using System.Collections.Generic;
using Loyalty.Rules.Accrual;

namespace Loyalty.Rules;

// The pipeline of one transaction, from input to points: checks, the earning base, the earn steps, rounding, caps.
public sealed partial class AccrualEvaluator
{
    /// <summary>Runs the pipeline; an overflow (absurd amounts or rates) becomes an exception that says where.</summary>
    private AccrualTotal Guarded(Transaction transaction, MemberContext member, IReadOnlyList<BudgetClaim>? grants, Span<long> claimed, ref ItemSink sink)
    {
        try
        {
            return Run(transaction, member, grants, claimed, ref sink);
        }
        catch (OverflowException e)
        {
            throw new OverflowException(
                $"transaction '{transaction?.Id}': the points of program '{program.Id}' overflow; check the amounts of transaction.Lines and the program's rates and factors.", e);
        }
    }

    [System.Runtime.CompilerServices.SkipLocalsInit]
    private AccrualTotal Run(Transaction transaction, MemberContext member, IReadOnlyList<BudgetClaim>? grants, Span<long> claimed, ref ItemSink sink)
    {
        Preconditions.NotNull(transaction, nameof(transaction));
        Preconditions.NotNull(member, nameof(member));
        if (!string.Equals(transaction.Currency, program.Currency, StringComparison.Ordinal))
        {
            ThrowOtherCurrency(transaction.Currency);
        }

        SameMember(transaction.MemberId, member);
        int day = DayOf(transaction.OccurredAt);
        var facts = new EvaluationFacts(
            transaction.Channel, transaction.StoreId, transaction.PartnerId, member.Segments, TierOf(member), day, member.IsFirstPurchase, TenureOf(member, day), transaction.DrawSeed, member, transaction.OccurredAt, grants);

        // 1. The earning base of each component: lines, then tax, then shipping.
        int n = transaction.Lines.Length + 2;
        int size = buffersPerComponent * n;
        Span<decimal> buffer = n <= StackComponents ? stackalloc decimal[size] : new decimal[size];
        buffer[n..].Clear(); // Base is written in full below; the stack is not zeroed for us (SkipLocalsInit)
        Span<int> ids = n <= StackComponents ? stackalloc int[2 * (n - 2)] : new int[2 * (n - 2)];
        bool integerBase = transaction.AllAmountsE4 && !transaction.HasOrderDiscount && !transaction.HasPaidWithPoints && n <= StackComponents;
        Span<long> baseE4 = integerBase ? stackalloc long[n] : default;
        bool inIntegers = plan is not null && integerBase && !sink.IsOn;
        long eligibleE4 = 0;
        decimal eligibleSpend = inIntegers
            ? Currency.FromScaled(eligibleE4 = EarningBaseE4(transaction, baseE4, ids[..(n - 2)], ids[(n - 2)..]), 4)
            : EarningBase(transaction, integerBase, buffer[..n], baseE4, ids[..(n - 2)], ids[(n - 2)..], out eligibleE4);
        var basket = new Basket
        {
            Base = buffer[..n],
            Rated = trackRated ? buffer.Slice(n, n) : default,
            Value = trackValues ? buffer.Slice(size - n, n) : default,
            Categories = ids[..(n - 2)],
            Skus = ids[(n - 2)..],
            BaseE4 = baseE4,
            IntegerBase = integerBase,
            Scale = 1m,
            TrackRated = trackRated,
            TrackValues = trackValues,
            EligibleSpend = eligibleSpend,
            Claims = claimed,
        };

        // 2-3. The earn pipeline and the rounding: in integers when the program and the basket allow it (IntegerPlan).
        decimal carry = 0m;
        if (!inIntegers || !plan!.TryRun(facts, basket, eligibleE4, out long total, out decimal exact))
        {
            if (inIntegers)
            {
                EarningBase(transaction, integerBase, basket.Base, baseE4, basket.Categories, basket.Skus, out _); // the decimal bases it reads
            }

            total = Pipeline(member, facts, ref basket, ref sink, out exact, out carry);
        }

        // 4. Caps, on the rounded total; nothing is carried from a capped transaction.
        bool capped = false;
        foreach (var cap in caps)
        {
            capped |= cap.Cap(facts, ref total, ref sink);
        }

        if (budgeted.Length != 0 && caps.Length != 0)
        {
            FitClaims(facts, total, claimed);
        }

        var tierCredits = !awardsTierCredits
            ? default
            : new Points(decimal.ToInt64(decimal.Floor((total * tierCreditsPerPoint) + basket.TierCredits)));
        return new AccrualTotal(new Points(total), exact, capped ? 0m : carry, basket.EligibleSpend, capped, tierCredits);
    }

    /// <summary>Steps 2 and 3 in decimal: the earn pipeline in program order, then one rounding where the program says.</summary>
    private long Pipeline(MemberContext member, in EvaluationFacts facts, ref Basket basket, ref ItemSink sink, out decimal exact, out decimal carry)
    {
        // 2. The earn pipeline, in program order (on the total path, only the steps an index says can act).
        if (index is not null && !sink.IsOn)
        {
            index.Apply(steps, facts, ref basket, ref sink);
        }
        else
        {
            foreach (var step in steps)
            {
                step.Apply(facts, ref basket, ref sink);
            }
        }

        // 3. Rounding, once, where the program says.
        exact = basket.Total();
        if (carryFraction && member.CarriedFraction != 0m)
        {
            sink.Add("carried-in", AccrualItemKind.CarriedIn, member.CarriedFraction, null, "fraction carried from the previous accrual");
            exact += member.CarriedFraction;
        }

        decimal rounded;
        if (roundPerLine)
        {
            basket.Materialize();
            rounded = basket.Fixed;
            foreach (var value in basket.Value)
            {
                rounded += Round(value, roundingMode);
            }
        }
        else
        {
            rounded = Round(exact, roundingMode);
        }

        if (carryFraction && rounded < 0m)
        {
            rounded = 0m; // only a negative fraction carried in can take an empty accrual below zero
        }

        if (sink.IsOn && rounded != exact)
        {
            sink.Add("rounding", AccrualItemKind.Rounding, rounded - exact, null, roundingReason);
        }

        carry = carryFraction ? exact - rounded : 0m;
        return decimal.ToInt64(rounded);
    }

    /// <summary>Lowers pending claims, the latest first, so that granting them all keeps the total within every cap that holds.</summary>
    private void FitClaims(in EvaluationFacts facts, long total, Span<long> claimed)
    {
        long room = long.MaxValue;
        foreach (var cap in caps)
        {
            room = Math.Min(room, cap.Room(facts, total));
        }

        long claimedTotal = 0;
        foreach (var claim in claimed)
        {
            claimedTotal += claim;
        }

        for (int k = claimed.Length - 1; k >= 0 && claimedTotal > room; k--)
        {
            long cut = Math.Min(claimed[k], claimedTotal - room);
            claimed[k] -= cut;
            claimedTotal -= cut;
        }
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private void ThrowOtherCurrency(string currency)
        => throw Preconditions.Invalid("transaction.Currency", $"'{currency}' is not the currency of program '{program.Id}' ({program.Currency}).");

    internal static decimal Round(decimal value, RoundingMode mode) => mode switch
    {
        RoundingMode.Floor => decimal.Floor(value),
        RoundingMode.Ceiling => decimal.Ceiling(value),
        RoundingMode.HalfEven => decimal.Round(value, 0, MidpointRounding.ToEven),
        _ => decimal.Round(value, 0, MidpointRounding.AwayFromZero),
    };

    private static string RoundingName(RoundingPolicy rounding)
        => rounding.Mode switch
        {
            RoundingMode.Floor => "floor",
            RoundingMode.Ceiling => "ceiling",
            RoundingMode.HalfEven => "half-even rounding",
            _ => "half-up rounding",
        } + (rounding.Scope == RoundingScope.PerLine ? " per line" : "");

    private int TierOf(MemberContext member)
    {
        if (member.TierId is null)
        {
            return -1;
        }

        return tierIndex.TryGetValue(member.TierId, out int index)
            ? index
            : throw Preconditions.Invalid("member.TierId", $"tier '{member.TierId}' is not declared by program '{program.Id}'" +
                (program.Tiers.IsEmpty ? " (it declares no tiers)." : $" (its tiers: {string.Join(", ", program.Tiers)})."));
    }

    private int DayOf(NodaTime.Instant instant) => days?.DayNumber(instant) ?? 0;

    /// <summary>Complete years of membership at the local date: anniversaries of enrolment passed (-1 when not read or unknown).</summary>
    private int TenureOf(MemberContext member, int dayNumber)
    {
        if (!tracksTenure || member.EnrolledOn is not { } enrolled)
        {
            return -1;
        }

        var today = NodaTime.LocalDate.FromDateOnly(DateOnly.FromDayNumber(dayNumber));
        if (today < enrolled)
        {
            return 0;
        }

        int years = today.Year - enrolled.Year;
        return enrolled.PlusYears(years) > today ? years - 1 : years;
    }

    private static void SameMember(string eventMemberId, MemberContext member)
    {
        if (!string.Equals(eventMemberId, member.MemberId, StringComparison.Ordinal))
        {
            throw Preconditions.Invalid("member.MemberId", $"'{member.MemberId}' is not the event's member '{eventMemberId}'.");
        }
    }
}
