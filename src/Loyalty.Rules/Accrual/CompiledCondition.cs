using System.Collections.Frozen;
using System.Linq;

namespace Loyalty.Rules.Accrual;

/// <summary>A <see cref="Condition"/> turned into precomputed checks: day-number bounds, a weekday bit mask, frozen sets.</summary>
internal sealed class CompiledCondition
{
    private readonly int fromDay;
    private readonly int toDay;
    private readonly int dayMask; // bit n set: ISO weekday n holds; 0 for every day
    private readonly FrozenSet<string>? channels;
    private readonly string[]? segments;
    private readonly bool[]? tiers;
    private readonly FrozenSet<string>? stores;
    private readonly FrozenSet<string>? partners;

    private CompiledCondition(Condition c, CompileContext context)
    {
        fromDay = c.From is { } from ? LocalDayTable.DayNumber(from) : int.MinValue;
        toDay = c.To is { } to ? LocalDayTable.DayNumber(to) : int.MaxValue;
        foreach (var day in c.DaysOfWeek)
        {
            dayMask |= 1 << (int)day;
        }

        channels = Set(c.Channels);
        segments = c.Segments.Count == 0 ? null : c.Segments.ToArray();
        stores = Set(c.Stores);
        partners = Set(c.Partners);
        if (c.Tiers.Count > 0)
        {
            tiers = new bool[context.Tiers.Length];
            foreach (var tier in c.Tiers)
            {
                tiers[context.TierIndex[tier]] = true;
            }
        }

        if (c.UsesLocalDate)
        {
            context.UsesLocalDate = true;
        }
    }

    public static CompiledCondition? Create(Condition? condition, CompileContext context)
        => condition is null ? null : new CompiledCondition(condition, context);

    public bool Matches(in EvaluationFacts o)
    {
        if (o.DayNumber < fromDay || o.DayNumber > toDay)
        {
            return false;
        }

        if (dayMask != 0 && (dayMask & (1 << LocalDayTable.IsoDayOfWeek(o.DayNumber))) == 0)
        {
            return false;
        }

        if (channels is not null && (o.Channel is null || !channels.Contains(o.Channel)))
        {
            return false;
        }

        if (stores is not null && (o.StoreId is null || !stores.Contains(o.StoreId)))
        {
            return false;
        }

        if (partners is not null && (o.PartnerId is null || !partners.Contains(o.PartnerId)))
        {
            return false;
        }

        if (tiers is not null && (o.TierIndex < 0 || !tiers[o.TierIndex]))
        {
            return false;
        }

        return segments is null || AnySegment(o);
    }

    private bool AnySegment(in EvaluationFacts o)
    {
        foreach (var segment in segments!)
        {
            if (o.Segments.Contains(segment))
            {
                return true;
            }
        }

        return false;
    }

    private static FrozenSet<string>? Set(System.Collections.Generic.IReadOnlyList<string> values)
        => values.Count == 0 ? null : values.ToFrozenSet(System.StringComparer.Ordinal);
}
