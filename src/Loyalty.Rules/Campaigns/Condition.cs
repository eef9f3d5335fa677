using System.Collections.Generic;
using System.Collections.Immutable;
using NodaTime;

namespace Loyalty.Rules;

/// <summary>
/// When a rule or modifier acts. Every part that is set must hold (an empty list means "any"); within a list,
/// any one entry is enough. Dates are local dates in the program's time zone, both ends inclusive.
/// Strings match ordinally (case-sensitive), as written in the program.
/// </summary>
public sealed record Condition
{
    /// <summary>The first local date on which it holds (inclusive), or null for no start.</summary>
    public LocalDate? From { get; init; }

    /// <summary>The last local date on which it holds (inclusive), or null for no end.</summary>
    public LocalDate? To { get; init; }

    /// <summary>Local days of the week on which it holds; empty for every day.</summary>
    public IReadOnlyList<IsoDayOfWeek> DaysOfWeek { get; init; } = [];

    /// <summary>Channels on which it holds (e.g. "app"); empty for every channel.</summary>
    public IReadOnlyList<string> Channels { get; init; } = [];

    /// <summary>Member segments, any one of which makes it hold; empty for every member.</summary>
    public IReadOnlyList<string> Segments { get; init; } = [];

    /// <summary>Member tiers for which it holds; empty for every member (with or without a tier).</summary>
    public IReadOnlyList<string> Tiers { get; init; } = [];

    /// <summary>Stores at which it holds; empty for every store.</summary>
    public IReadOnlyList<string> Stores { get; init; } = [];

    /// <summary>Partners at which it holds; empty for any partner or none.</summary>
    public IReadOnlyList<string> Partners { get; init; } = [];

    /// <summary>The condition in plain words for explanations, e.g. "on Tuesday, channel app".</summary>
    internal string Describe()
    {
        var parts = new System.Collections.Generic.List<string>();
        if (From is { } from && To is { } to)
        {
            parts.Add(from == to ? $"on {Text(from)}" : $"from {Text(from)} to {Text(to)}");
        }
        else if (From is { } start)
        {
            parts.Add($"from {Text(start)}");
        }
        else if (To is { } end)
        {
            parts.Add($"until {Text(end)}");
        }

        if (DaysOfWeek.Count > 0)
        {
            parts.Add("on " + string.Join("/", DaysOfWeek));
        }

        Add(parts, "channel", Channels);
        Add(parts, "segment", Segments);
        Add(parts, "tier", Tiers);
        Add(parts, "store", Stores);
        Add(parts, "partner", Partners);
        return string.Join(", ", parts);

        static void Add(System.Collections.Generic.List<string> parts, string name, IReadOnlyList<string> values)
        {
            if (values.Count > 0)
            {
                parts.Add($"{name} {string.Join("/", values)}");
            }
        }
    }

    private static string Text(LocalDate date) => date.ToString("uuuu-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    internal bool UsesLocalDate => From is not null || To is not null || DaysOfWeek.Count > 0;

    internal Condition Freeze() => this with
    {
        DaysOfWeek = (DaysOfWeek ?? []).ToImmutableArray(),
        Channels = (Channels ?? []).ToImmutableArray(),
        Segments = (Segments ?? []).ToImmutableArray(),
        Tiers = (Tiers ?? []).ToImmutableArray(),
        Stores = (Stores ?? []).ToImmutableArray(),
        Partners = (Partners ?? []).ToImmutableArray(),
    };

    internal void Validate(ProgramCheck check, string path)
    {
        if (From is { } from && To is { } to && to < from)
        {
            check.Fail(path + ".to", $"{Text(to)} is before from {Text(from)}.");
        }

        for (int i = 0; i < DaysOfWeek.Count; i++)
        {
            if (DaysOfWeek[i] is < IsoDayOfWeek.Monday or > IsoDayOfWeek.Sunday)
            {
                check.Fail($"{path}.daysOfWeek[{i}]", $"'{DaysOfWeek[i]}' is not a day of the week.");
            }
        }

        check.Names(path + ".channels", Channels);
        check.Names(path + ".segments", Segments);
        check.Names(path + ".tiers", Tiers);
        check.Names(path + ".stores", Stores);
        check.Names(path + ".partners", Partners);
        for (int i = 0; i < Tiers.Count; i++)
        {
            check.Tier($"{path}.tiers[{i}]", Tiers[i]);
        }
    }
}
