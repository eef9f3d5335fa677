using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;

namespace Loyalty.Rules.Accrual;

/// <summary>
/// For programs with many steps, most of which apply to few transactions: which top-level steps can act on one
/// transaction, found without touching the others. Line-scoped steps (a multiplier or percentage on some categories
/// or skus) are listed under their categories and skus, steps with a short date window under each of its local days;
/// every other step is always run. The candidates run in program order, so nothing changes but the work skipped: a
/// scoped step with no line in scope, or a dated step outside its window, adds nothing to the total. Used on the
/// total-only path; the itemized path runs every step, so its explanation lists them as before.
/// </summary>
internal sealed class StepIndex
{
    /// <summary>Below this many steps, running them all is cheaper than looking them up.</summary>
    public const int MinimumSteps = 12;

    private const int MaxWindowDays = 400;

    private readonly ulong[] always;
    private readonly int[][] bySku;
    private readonly int[][] byCategory;
    private readonly int firstDay;
    private readonly int[][] byDay;

    private StepIndex(ulong[] always, int[][] bySku, int[][] byCategory, int firstDay, int[][] byDay)
    {
        this.always = always;
        this.bySku = bySku;
        this.byCategory = byCategory;
        this.firstDay = firstDay;
        this.byDay = byDay;
    }

    /// <summary>The index of the top-level steps (one policy per step, in step order), or null when it would not pay.</summary>
    public static StepIndex? Create(IReadOnlyList<EarnPolicy> policies, CompileContext context)
    {
        if (policies.Count < MinimumSteps)
        {
            return null;
        }

        var always = new ulong[(policies.Count + 63) / 64];
        var skus = new List<int>[context.SkuIndex.Count];
        var categories = new List<int>[context.CategoryIndex.Count];
        var dated = new List<(int Step, int From, int To)>();
        bool indexed = false;
        for (int i = 0; i < policies.Count; i++)
        {
            var policy = policies[i];
            if (policy is LineScopedPolicy scoped && (scoped.Categories.Count > 0 || scoped.Skus.Count > 0))
            {
                foreach (var sku in scoped.Skus)
                {
                    (skus[context.SkuIndex[sku]] ??= []).Add(i);
                }

                foreach (var category in scoped.Categories)
                {
                    (categories[context.CategoryIndex[category]] ??= []).Add(i);
                }

                indexed = true;
            }
            else if (policy.When is { From: { } from, To: { } to } && to >= from && Period(from, to) <= MaxWindowDays)
            {
                dated.Add((i, LocalDayTable.DayNumber(from), LocalDayTable.DayNumber(to)));
                indexed = true;
            }
            else
            {
                always[i >> 6] |= 1UL << (i & 63);
            }
        }

        if (!indexed)
        {
            return null;
        }

        int first = dated.Count == 0 ? 0 : dated.Min(d => d.From);
        int last = dated.Count == 0 ? -1 : dated.Max(d => d.To);
        var days = new List<int>[last - first + 1];
        foreach (var (step, from, to) in dated)
        {
            for (int day = from; day <= to; day++)
            {
                (days[day - first] ??= []).Add(step);
            }
        }

        return new StepIndex(always, Freeze(skus), Freeze(categories), first, Freeze(days));
    }

    /// <summary>Runs, in program order, the steps that can act on this transaction.</summary>
    [System.Runtime.CompilerServices.SkipLocalsInit]
    public void Apply(Step[] steps, in EvaluationFacts o, ref Basket b, ref ItemSink sink)
    {
        int words = always.Length;
        Span<ulong> mask = words <= 32 ? stackalloc ulong[words] : new ulong[words];
        always.CopyTo(mask);
        for (int i = 0; i < b.LineCount; i++)
        {
            int sku = b.Skus[i];
            if (sku >= 0)
            {
                Mark(mask, bySku[sku]);
            }

            int category = b.Categories[i];
            if (category >= 0)
            {
                Mark(mask, byCategory[category]);
            }
        }

        int day = o.DayNumber - firstDay;
        if (day >= 0 && day < byDay.Length)
        {
            Mark(mask, byDay[day]);
        }

        for (int w = 0; w < words; w++)
        {
            ulong bits = mask[w];
            while (bits != 0)
            {
                int step = (w << 6) + BitOperations.TrailingZeroCount(bits);
                bits &= bits - 1;
                steps[step].Apply(o, ref b, ref sink);
            }
        }
    }

    private static void Mark(Span<ulong> mask, int[] steps)
    {
        foreach (int step in steps)
        {
            mask[step >> 6] |= 1UL << (step & 63);
        }
    }

    private static int Period(NodaTime.LocalDate from, NodaTime.LocalDate to) => NodaTime.Period.DaysBetween(from, to);

    private static int[][] Freeze(List<int>[] lists) => [.. lists.Select(l => l?.ToArray() ?? [])];
}
