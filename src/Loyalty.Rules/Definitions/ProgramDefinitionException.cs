using System.Collections.Generic;

namespace Loyalty.Rules;

/// <summary>
/// A JSON program definition could not be loaded. Lists every problem found, each with its JSON path
/// (<c>$.earn[2].pointsPerUnit</c>) and the reason: malformed JSON, unknown kinds and properties, wrong types, and
/// everything the program's own validation finds.
/// </summary>
public sealed class ProgramDefinitionException : LoyaltyProgramException
{
    /// <summary>Creates the exception from the problems found.</summary>
    /// <param name="problems">Every problem; at least one.</param>
    public ProgramDefinitionException(IEnumerable<ValidationProblem> problems)
        : base("The program definition is invalid", [.. problems])
    {
    }
}
