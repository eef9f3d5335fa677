using System;
using System.Collections.Generic;
using System.Linq;
using NodaTime;

namespace Loyalty.Rules.Tests.Oracle;

/// <summary>
/// A plain, obviously correct interpreter of a program, written from the conventions and the public policy
/// types alone. It shares no code with the compiled evaluator: no precomputed sets, no pending scale, no
/// table of local dates, no skipped work; it clones the whole state where the evaluator saves and restores.
/// </summary>
internal static class OracleEvaluator
{
    public static AccrualTotal Evaluate(LoyaltyProgram program, Transaction transaction, MemberContext member)
    {
        var components = Components(program, transaction);
        var eligible = components.Sum(c => c.Base);
        var context = new Context(program, transaction, member, transaction.OccurredAt.InZone(program.TimeZone).Date, eligible);
        var state = new State(components.Select(_ => 0m).ToArray(), components.Select(_ => 0m).ToArray(), 0m, 0m);

        foreach (var policy in program.Earn.Where(p => p is not (TransactionCap or MemberPeriodCap)))
        {
            Apply(policy, context, components, ref state);
        }

        decimal exact = state.Values.Sum() + state.Fixed;
        if (program.Rounding.CarryFraction)
        {
            exact += member.CarriedFraction;
        }

        decimal rounded = program.Rounding.Scope == RoundingScope.PerLine
            ? state.Values.Sum(v => Round(v, program.Rounding.Mode)) + state.Fixed
            : Round(exact, program.Rounding.Mode);
        rounded = rounded < 0m ? 0m : rounded;
        long total = (long)rounded;
        bool capped = false;
        foreach (var cap in program.Earn)
        {
            long? limit = cap switch
            {
                TransactionCap c when Holds(c.When, context) => c.MaxPoints.Value,
                MemberPeriodCap c => PeriodRoom(c, context),
                _ => null,
            };
            if (limit is { } most && total > most)
            {
                total = most;
                capped = true;
            }
        }

        decimal carry = program.Rounding.CarryFraction && !capped ? exact - rounded : 0m;
        var tierCredits = new Points((long)Math.Floor((total * (program.TierLadder?.TierCreditsPerPoint ?? 0m)) + state.Credits));
        return new AccrualTotal(new Points(total), exact, carry, eligible, capped, tierCredits);
    }

    /// <summary>What a per-member period cap leaves: nothing in a forgotten period, else the cap less what the period earned.</summary>
    private static long PeriodRoom(MemberPeriodCap cap, Context context)
    {
        var d = context.Date;
        var (start, end) = cap.Period switch
        {
            CalendarPeriod.Day => (d, d.PlusDays(1)),
            CalendarPeriod.Week => (d.PlusDays(1 - (int)d.DayOfWeek), d.PlusDays(8 - (int)d.DayOfWeek)),
            CalendarPeriod.Month => (new LocalDate(d.Year, d.Month, 1), new LocalDate(d.Year, d.Month, 1).PlusMonths(1)),
            CalendarPeriod.Quarter => (new LocalDate(d.Year, ((d.Month - 1) / 3 * 3) + 1, 1), new LocalDate(d.Year, ((d.Month - 1) / 3 * 3) + 1, 1).PlusMonths(3)),
            _ => (new LocalDate(d.Year, 1, 1), new LocalDate(d.Year + 1, 1, 1)),
        };
        var tallies = context.Member.State.Get(MemberPeriodCapState.Tallies);
        if (tallies.ForgottenThrough is { } through && end <= through)
        {
            return 0;
        }

        long earned = tallies.Periods.Where(t => t.RuleId == cap.Id && t.PeriodStart == start).Sum(t => t.Points.Value);
        return Math.Max(0, cap.MaxPoints.Value - earned);
    }

    private sealed record Component(TransactionLine? Line, int Kind, decimal Base);

    private sealed record Context(LoyaltyProgram Program, Transaction Transaction, MemberContext Member, LocalDate Date, decimal EligibleSpend);

    private record struct State(decimal[] Rated, decimal[] Values, decimal Fixed, decimal Credits)
    {
        public readonly State Copy() => new((decimal[])Rated.Clone(), (decimal[])Values.Clone(), Fixed, Credits);

        public readonly decimal Total => Values.Sum() + Fixed;
    }

    private static List<Component> Components(LoyaltyProgram program, Transaction t)
    {
        decimal unit = 1m / (decimal)Math.Pow(10, Currency.MinorUnitDigits(program.Currency));
        var lines = t.Lines.Select(l => new Component(l, 0, l.Amount)).ToList();
        lines = Reduce(lines, t.OrderDiscount, unit);
        var all = lines.Append(new Component(null, 1, t.Tax)).Append(new Component(null, 2, t.Shipping)).ToList();
        all = Reduce(all, t.PaidWithPoints, unit);
        var earningBase = program.EarningBase;
        return all.Select(c => c with
        {
            Base = c.Kind switch
            {
                0 when earningBase.ExcludedCategories.Contains(c.Line!.Category ?? "\0") || earningBase.ExcludedSkus.Contains(c.Line!.Sku) => 0m,
                1 when !earningBase.IncludeTax => 0m,
                2 when !earningBase.IncludeShipping => 0m,
                _ => c.Base,
            },
        }).ToList();
    }

    /// <summary>Largest remainder in minor units; ties by larger amount, then lines, tax, shipping, then sku and category.</summary>
    private static List<Component> Reduce(List<Component> components, decimal reduction, decimal unit)
    {
        decimal whole = components.Sum(c => c.Base);
        if (reduction == 0m || whole == 0m)
        {
            return components;
        }

        var shares = components.Select(c => reduction * c.Base / whole).ToArray();
        var floors = shares.Select(s => Math.Floor(s / unit) * unit).ToArray();
        int left = (int)((reduction - floors.Sum()) / unit);
        var winners = Enumerable.Range(0, components.Count)
            .OrderByDescending(i => shares[i] - floors[i])
            .ThenByDescending(i => components[i].Base)
            .ThenBy(i => components[i].Kind)
            .ThenBy(i => components[i].Line?.Sku, StringComparer.Ordinal)
            .ThenBy(i => components[i].Line?.Category, StringComparer.Ordinal)
            .Take(left)
            .ToHashSet();
        return components.Select((c, i) => c with { Base = Math.Max(0m, c.Base - floors[i] - (winners.Contains(i) ? unit : 0m)) }).ToList();
    }

    private static bool Apply(EarnPolicy policy, Context context, List<Component> components, ref State state)
    {
        if (!Holds(policy.When, context))
        {
            return false;
        }

        switch (policy)
        {
            case EarnRate rate:
                for (int i = 0; i < components.Count; i++)
                {
                    var c = components[i];
                    decimal r = c.Line is { } line
                        ? rate.SkuRates.TryGetValue(line.Sku, out var bySku) ? bySku
                        : line.Category is not null && rate.CategoryRates.TryGetValue(line.Category, out var byCategory) ? byCategory
                        : rate.PointsPerUnit
                        : rate.PointsPerUnit;
                    decimal points = (rate.PerWholeUnit ? Math.Floor(c.Base) : c.Base) * r;
                    state.Rated[i] += points;
                    state.Values[i] += points;
                }

                return true;
            case SpendThresholdBonus threshold:
                if (context.EligibleSpend < threshold.MinimumSpend)
                {
                    return false;
                }

                state.Fixed += threshold.Points.Value;
                return true;
            case FixedBonus bonus:
                state.Fixed += bonus.Points.Value;
                return true;
            case FirstPurchaseBonus first:
                if (!context.Member.IsFirstPurchase)
                {
                    return false;
                }

                state.Fixed += first.Points.Value;
                return true;
            case Multiplier multiplier:
                for (int i = 0; i < components.Count; i++)
                {
                    if (InScope(components[i], multiplier.Categories, multiplier.Skus))
                    {
                        state.Values[i] *= multiplier.Factor;
                    }
                }

                return true;
            case TierAccelerator accelerator:
                if (context.Member.TierId is null || !accelerator.Factors.TryGetValue(context.Member.TierId, out var factor))
                {
                    return false;
                }

                for (int i = 0; i < components.Count; i++)
                {
                    state.Values[i] *= factor;
                }

                return true;
            case ReactivationBonus reactivation:
                if (!context.Member.IsReactivation)
                {
                    return false;
                }

                state.Fixed += reactivation.Points.Value;
                return true;
            case BirthdayReward birthday:
                if (context.Member.Birthday is not { } born || OracleBirthdayYear(birthday.Window, born, context.Date) is not { } birthdayYear)
                {
                    return false;
                }

                if (birthday.Factor is { } birthdayFactor)
                {
                    for (int i = 0; i < components.Count; i++)
                    {
                        state.Values[i] *= birthdayFactor;
                    }

                    return true;
                }

                if (context.Member.State.Get(BirthdayRewardState.PaidYear) == birthdayYear)
                {
                    return false;
                }

                state.Fixed += birthday.Points.Value;
                return true;
            case TargetedOffer offer:
                return OracleOffer(offer, context, ref state);
            case SurpriseBonus surprise:
                if (context.Transaction.DrawSeed is not { } seed || OracleDraw(seed, surprise.Id) >= (double)surprise.Odds)
                {
                    return false;
                }

                state.Fixed += surprise.Points.Value;
                return true;
            case TenureAccelerator tenure:
                if (context.Member.EnrolledOn is not { } enrolled)
                {
                    return false;
                }

                // Complete years: anniversaries (PlusYears) at or before the local date, counted one by one.
                int years = 0;
                while (enrolled.PlusYears(years + 1) <= context.Date)
                {
                    years++;
                }

                var reached = tenure.Steps.Where(s => s.Years <= years).ToList();
                if (reached.Count == 0)
                {
                    return false;
                }

                for (int i = 0; i < components.Count; i++)
                {
                    state.Values[i] *= reached[^1].Factor;
                }

                return true;
            case PercentageBonus percentage:
                for (int i = 0; i < components.Count; i++)
                {
                    if (InScope(components[i], percentage.Categories, percentage.Skus))
                    {
                        state.Values[i] += state.Rated[i] * percentage.Percent / 100m;
                    }
                }

                return true;
            case TierCreditRule credits:
                state.Credits += (credits.CreditsPerUnit * context.EligibleSpend) + credits.FixedCredits.Value;
                return true;
            case PolicyGroup group:
                return ApplyGroup(group, context, components, ref state);
            default:
                throw new NotSupportedException(policy.GetType().Name);
        }
    }

    /// <summary>An offer without the host's grants: a budgeted one claims and pays nothing yet.</summary>
    private static bool OracleOffer(TargetedOffer offer, Context context, ref State state)
    {
        var at = context.Transaction.OccurredAt;
        if (at < offer.StartsAt || at >= offer.EndsAt || context.EligibleSpend < offer.MinimumSpend)
        {
            return false;
        }

        if (offer.Limit is { } limit)
        {
            var d = context.Date;
            var window = limit.Window switch
            {
                null => LocalDate.MinIsoValue,
                CalendarPeriod.Day => d,
                CalendarPeriod.Week => d.PlusDays(-((int)d.DayOfWeek - 1)),
                CalendarPeriod.Month => new LocalDate(d.Year, d.Month, 1),
                CalendarPeriod.Quarter => new LocalDate(d.Year, ((d.Month - 1) / 3 * 3) + 1, 1),
                _ => new LocalDate(d.Year, 1, 1),
            };
            var uses = context.Member.State.Get(TargetedOfferState.Uses).Where(u => u.OfferId == offer.Id).ToList();
            if (uses.FirstOrDefault(u => u.WindowStart == window) is { } use ? use.Count >= limit.Times : uses.Count >= 2 && uses.All(u => u.WindowStart > window))
            {
                return false;
            }
        }

        long points = offer.Factor is { } factor ? (long)Round(state.Values.Sum() * (factor - 1m), context.Program.Rounding.Mode) : offer.Points.Value;
        if (points <= 0)
        {
            return false;
        }

        if (offer.Budget is null)
        {
            state.Fixed += points;
        }

        return true;
    }

    private static bool ApplyGroup(PolicyGroup group, Context context, List<Component> components, ref State state)
    {
        switch (group.Composition)
        {
            case Composition.Sum:
                bool any = false;
                foreach (var member in group.Policies)
                {
                    any |= Apply(member, context, components, ref state);
                }

                return any;
            case Composition.FirstMatch:
                foreach (var member in group.Policies.Select((p, i) => (p, i)).OrderByDescending(x => x.p.Priority).ThenBy(x => x.i).Select(x => x.p))
                {
                    if (Apply(member, context, components, ref state))
                    {
                        return true;
                    }
                }

                return false;
            default:
                State? best = null;
                foreach (var member in group.Policies)
                {
                    var trial = state.Copy();
                    if (Apply(member, context, components, ref trial) && (best is null || trial.Total > best.Value.Total))
                    {
                        best = trial;
                    }
                }

                if (best is null)
                {
                    return false;
                }

                state = best.Value;
                return true;
        }
    }

    private static bool InScope(Component c, IReadOnlyList<string> categories, IReadOnlyList<string> skus)
        => (categories.Count == 0 && skus.Count == 0)
           || (c.Line is { } line && ((line.Category is not null && categories.Contains(line.Category)) || skus.Contains(line.Sku)));

    private static bool Holds(Condition? c, Context x)
    {
        if (c is null)
        {
            return true;
        }

        var t = x.Transaction;
        var m = x.Member;
        return (c.From is null || x.Date >= c.From)
            && (c.To is null || x.Date <= c.To)
            && (c.DaysOfWeek.Count == 0 || c.DaysOfWeek.Contains(x.Date.DayOfWeek))
            && (c.Channels.Count == 0 || c.Channels.Contains(t.Channel))
            && (c.Segments.Count == 0 || c.Segments.Any(m.Segments.Contains))
            && (c.Tiers.Count == 0 || (m.TierId is not null && c.Tiers.Contains(m.TierId)))
            && (c.Stores.Count == 0 || (t.StoreId is not null && c.Stores.Contains(t.StoreId)))
            && (c.Partners.Count == 0 || (t.PartnerId is not null && c.Partners.Contains(t.PartnerId)));
    }

    private static decimal Round(decimal value, RoundingMode mode) => mode switch
    {
        RoundingMode.Floor => Math.Floor(value),
        RoundingMode.Ceiling => Math.Ceiling(value),
        RoundingMode.HalfEven => Math.Round(value, MidpointRounding.ToEven),
        RoundingMode.HalfUp => Math.Round(value, MidpointRounding.AwayFromZero),
        _ => throw new NotSupportedException(mode.ToString()),
    };

    /// <summary>The documented draw, written again here: SplitMix64 of (seed XOR FNV-1a 64 of the rule id), top 53 bits.</summary>
    private static double OracleDraw(long seed, string ruleId)
    {
        ulong fnv = 0xcbf29ce484222325UL;
        foreach (char c in ruleId)
        {
            fnv ^= c;
            fnv = unchecked(fnv * 0x100000001b3UL);
        }

        ulong z = unchecked(((ulong)seed ^ fnv) + 0x9E3779B97F4A7C15UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return ((z ^ (z >> 31)) >> 11) / 9007199254740992.0;
    }

    /// <summary>The year of the birthday whose window holds the date: checked day by day, this year's and last year's.</summary>
    private static int? OracleBirthdayYear(BirthdayWindow window, AnnualDate born, LocalDate date)
    {
        foreach (int year in new[] { date.Year, date.Year - 1 })
        {
            var day = born.IsValidYear(year) ? born.InYear(year) : new LocalDate(year, 2, 28);
            bool inside = window switch
            {
                BirthdayWindow.Day => date == day,
                BirthdayWindow.Week => Enumerable.Range(0, 7).Any(d => day.PlusDays(d) == date),
                _ => date.Year == day.Year && date.Month == day.Month,
            };
            if (inside)
            {
                return year;
            }
        }

        return null;
    }
}
