namespace Loyalty.Rules;

/// <summary>How fractional points become whole points.</summary>
public enum RoundingMode
{
    /// <summary>Down to the whole point below (12.9 gives 12). The usual choice.</summary>
    Floor,

    /// <summary>Up to the whole point above (12.1 gives 13).</summary>
    Ceiling,

    /// <summary>To the nearest; an exact half goes to the even neighbour (12.5 gives 12, 13.5 gives 14).</summary>
    HalfEven,

    /// <summary>To the nearest; an exact half goes up (12.5 gives 13).</summary>
    HalfUp,
}

/// <summary>Where rounding happens.</summary>
public enum RoundingScope
{
    /// <summary>Once, on the transaction's exact total.</summary>
    PerTransaction,

    /// <summary>Each line's points (after modifiers) separately, then summed; bonuses are already whole.</summary>
    PerLine,
}

/// <summary>The program's rounding policy: rounding happens once, where this says; caps apply after it.</summary>
public sealed record RoundingPolicy
{
    /// <summary>Floor, once per transaction, nothing carried: the default.</summary>
    public static RoundingPolicy Default { get; } = new();

    /// <summary>How to round. Default <see cref="RoundingMode.Floor"/>.</summary>
    public RoundingMode Mode { get; init; } = RoundingMode.Floor;

    /// <summary>Where to round. Default <see cref="RoundingScope.PerTransaction"/>.</summary>
    public RoundingScope Scope { get; init; } = RoundingScope.PerTransaction;

    /// <summary>
    /// When true, the result returns what rounding dropped (<see cref="AccrualResult.CarriedFraction"/>) so the
    /// host passes it into the member's next accrual and no point is lost to rounding over a lifetime.
    /// Nothing is carried from a transaction whose total was capped. Requires <see cref="RoundingScope.PerTransaction"/>.
    /// Default false.
    /// </summary>
    public bool CarryFraction { get; init; }

    internal void Validate(ProgramCheck check, string path)
    {
        if (!System.Enum.IsDefined(Mode))
        {
            check.Fail(path + ".mode", $"'{Mode}' is not a rounding mode.");
        }

        if (!System.Enum.IsDefined(Scope))
        {
            check.Fail(path + ".scope", $"'{Scope}' is not a rounding scope.");
        }

        if (CarryFraction && Scope != RoundingScope.PerTransaction)
        {
            check.Fail(path + ".carryFraction", "carrying the fraction needs per-transaction rounding: per-line rounding has no single fraction to carry.");
        }
    }
}
