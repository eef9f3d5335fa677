using System.Collections.Generic;

namespace Loyalty.Rules;

/// <summary>A program built with the builder is invalid. Lists every problem found, each with its builder path.</summary>
public sealed class ProgramValidationException : LoyaltyProgramException
{
    /// <summary>Creates the exception from the problems found.</summary>
    /// <param name="problems">Every problem; at least one.</param>
    public ProgramValidationException(IEnumerable<ValidationProblem> problems)
        : base("The program is invalid", [.. problems])
    {
    }
}
