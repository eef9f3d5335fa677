using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;

namespace Loyalty.Rules;

/// <summary>
/// A JSON program definition could not be loaded. Lists every problem found, each with its JSON path
/// (<c>$.earn[2].pointsPerUnit</c>) and the reason: malformed JSON, unknown kinds and properties, wrong types, and
/// everything the program's own validation finds.
/// </summary>
public sealed class ProgramDefinitionException : Exception
{
    /// <summary>Creates the exception from the problems found.</summary>
    /// <param name="problems">Every problem; at least one.</param>
    public ProgramDefinitionException(IEnumerable<ValidationProblem> problems)
        : this([.. problems])
    {
    }

    private ProgramDefinitionException(ImmutableArray<ValidationProblem> problems)
        : base($"The program definition is invalid ({problems.Length} problem{(problems.Length == 1 ? "" : "s")}):"
               + string.Concat(problems.Select(p => Environment.NewLine + "- " + p)))
        => Problems = problems;

    /// <summary>Every problem found, in document order.</summary>
    public IReadOnlyList<ValidationProblem> Problems { get; }
}
