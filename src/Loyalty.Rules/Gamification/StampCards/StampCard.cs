using System;
using System.Collections.Generic;
using System.Globalization;

namespace Loyalty.Rules;

/// <summary>What a <see cref="StampCard"/> stamps.</summary>
public enum StampCounting
{
    /// <summary>One stamp per item: the quantities of the lines (in <see cref="StampCard.Category"/>, when it names one).</summary>
    Items,

    /// <summary>One stamp per purchase (with a line in <see cref="StampCard.Category"/>, when it names one).</summary>
    Visits,
}

/// <summary>
/// A stamp card: every <see cref="Every"/>th qualifying item or visit earns <see cref="Reward"/> ("the 10th coffee is
/// free"); the stamps beyond a full card carry to the next. A refund takes its stamps back (and a reward the card can no
/// longer have paid).
/// </summary>
public sealed record StampCard
{
    /// <summary>The id, unique among the program's rules and games.</summary>
    public required string Id { get; init; }

    /// <summary>The name members see, e.g. "Coffee card".</summary>
    public required string Name { get; init; }

    /// <summary>How many stamps fill the card; 2 or more.</summary>
    public required int Every { get; init; }

    /// <summary>What is stamped; default items.</summary>
    public StampCounting Counting { get; init; }

    /// <summary>The category whose lines count (ordinal match); null for every line.</summary>
    public string? Category { get; init; }

    /// <summary>What each full card pays.</summary>
    public required GameReward Reward { get; init; }

    internal void Validate(ProgramCheck check, string path, GameRefs refs)
    {
        check.Id(path + ".id", Id);
        if (string.IsNullOrWhiteSpace(Name))
        {
            check.Fail(path + ".name", "is required.");
        }

        if (Every < 2)
        {
            check.Fail(path + ".every", string.Create(CultureInfo.InvariantCulture, $"must be 2 or more, was {Every}."));
        }

        if (!Enum.IsDefined(Counting))
        {
            check.Fail(path + ".counting", $"'{Counting}' is not a way of stamping.");
        }

        if (Category is not null && string.IsNullOrWhiteSpace(Category))
        {
            check.Fail(path + ".category", "must not be empty (leave it out for every line).");
        }

        Reward?.Validate(check, path + ".reward", refs);
        if (Reward is null)
        {
            check.Fail(path + ".reward", "is required.");
        }
    }
}
