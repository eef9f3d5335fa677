using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;

namespace Loyalty.Rules;

/// <summary>
/// A program is invalid, whether built (<see cref="ProgramValidationException"/>, paths are builder members such as
/// <c>earn[2].points</c>) or loaded from JSON (<see cref="ProgramDefinitionException"/>, paths are JSON paths such as
/// <c>$.earn[2].points</c>). Lists every problem found, not only the first; catch this type to handle both.
/// </summary>
public abstract class LoyaltyProgramException : Exception
{
    private protected LoyaltyProgramException(string what, ImmutableArray<ValidationProblem> problems)
        : base($"{what} ({problems.Length} problem{(problems.Length == 1 ? "" : "s")}):" + string.Concat(problems.Select(p => Environment.NewLine + "- " + p)))
        => Problems = problems;

    /// <summary>Every problem found, in order.</summary>
    public IReadOnlyList<ValidationProblem> Problems { get; }
}
