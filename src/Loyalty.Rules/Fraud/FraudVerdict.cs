using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;

namespace Loyalty.Rules;

/// <summary>What a fraud check, or all of them together, answers.</summary>
public enum FraudAction
{
    /// <summary>Nothing suspicious: the event applies as usual.</summary>
    Allow,

    /// <summary>The points land as held, pending review: not spendable until released, removed if voided. Nothing is lost.</summary>
    Hold,

    /// <summary>The event is refused: nothing changes.</summary>
    Reject,
}

/// <summary>One check's finding: which check, what it asks for, and why.</summary>
/// <param name="CheckId">The check's id in the program.</param>
/// <param name="Action">Hold or reject.</param>
/// <param name="Reason">Why, with the numbers.</param>
public sealed record FraudFinding(string CheckId, FraudAction Action, string Reason)
{
    /// <inheritdoc />
    public override string ToString() => $"{CheckId} ({Action.ToString().ToLowerInvariant()}): {Reason}";
}

/// <summary>
/// The checks' combined answer, always the same way: any reject wins, else any hold, else allow; every finding is
/// reported, whatever the answer.
/// </summary>
public sealed class FraudVerdict
{
    private FraudVerdict(FraudAction action, ImmutableArray<FraudFinding> findings)
    {
        Action = action;
        Findings = findings;
    }

    /// <summary>Nothing found.</summary>
    public static FraudVerdict Allowed { get; } = new(FraudAction.Allow, []);

    /// <summary>Allow, hold or reject.</summary>
    public FraudAction Action { get; }

    /// <summary>Every finding, in the order the program lists its checks.</summary>
    public ImmutableArray<FraudFinding> Findings { get; }

    /// <summary>The findings in one line ("" when allowed).</summary>
    public string Reason => string.Join("; ", Findings);

    /// <summary>Combines findings: any reject wins, else any hold, else allow.</summary>
    /// <param name="findings">The findings.</param>
    /// <returns>The verdict.</returns>
    public static FraudVerdict Of(IEnumerable<FraudFinding> findings)
    {
        ImmutableArray<FraudFinding> all = [.. Preconditions.NotNull(findings, nameof(findings))];
        if (all.IsEmpty)
        {
            return Allowed;
        }

        var action = all.Any(f => f.Action == FraudAction.Reject) ? FraudAction.Reject : all.Any(f => f.Action == FraudAction.Hold) ? FraudAction.Hold : FraudAction.Allow;
        return new FraudVerdict(action, all);
    }

    /// <inheritdoc />
    public override string ToString() => Findings.IsEmpty ? "allow" : $"{Action.ToString().ToLowerInvariant()}: {Reason}";
}
