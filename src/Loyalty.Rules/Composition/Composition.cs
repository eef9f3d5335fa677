namespace Loyalty.Rules;

/// <summary>How a <see cref="PolicyGroup"/> combines its members. Stacking is always explicit.</summary>
public enum Composition
{
    /// <summary>Every member that acts contributes, in list order (they stack).</summary>
    Sum,

    /// <summary>Only the member that would add the most points contributes; ties go to the one listed first.</summary>
    BestOf,

    /// <summary>
    /// Members are tried by <see cref="EarnPolicy.Priority"/> (highest first, equal priorities in list order);
    /// the first one whose conditions hold contributes and the rest are skipped: an exclusive group.
    /// </summary>
    FirstMatch,
}
