using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;

namespace Loyalty.Rules;

/// <summary>A program definition is invalid. Lists every problem found, not only the first.</summary>
public sealed class ProgramValidationException : Exception
{
    /// <summary>Creates the exception from the problems found.</summary>
    /// <param name="problems">Every problem; at least one.</param>
    public ProgramValidationException(IEnumerable<ValidationProblem> problems)
        : this(problems.ToImmutableArray())
    {
    }

    private ProgramValidationException(ImmutableArray<ValidationProblem> problems)
        : base(Describe(problems))
        => Problems = problems;

    /// <summary>Every problem found.</summary>
    public IReadOnlyList<ValidationProblem> Problems { get; }

    private static string Describe(ImmutableArray<ValidationProblem> problems)
        => $"The program is invalid ({problems.Length} problem{(problems.Length == 1 ? "" : "s")}):"
           + string.Concat(problems.Select(p => Environment.NewLine + "- " + p));
}
