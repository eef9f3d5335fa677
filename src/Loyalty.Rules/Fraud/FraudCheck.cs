using System.Collections.Generic;
using NodaTime;

namespace Loyalty.Rules;

/// <summary>
/// One fraud check: a small policy that looks at what an event would do and answers with a finding (hold or reject,
/// as the program sets it, with the reason) or nothing. Checks are data in the program
/// (<see cref="FraudBuilderExtensions.AddFraudCheck"/>); their findings combine in one fixed way
/// (<see cref="FraudVerdict"/>). What a check needs about recent activity comes from the member's account (or, for what
/// only the host knows, from <see cref="FraudSignals"/> and <see cref="Referral"/>), so checking stays pure.
/// </summary>
public abstract record FraudCheck
{
    private protected FraudCheck(string id, FraudAction action)
    {
        Id = id;
        Action = action;
    }

    /// <summary>The check's id, unique among the program's checks; findings name it.</summary>
    public string Id { get; init; }

    /// <summary>What a finding asks for: <see cref="FraudAction.Hold"/> or <see cref="FraudAction.Reject"/>.</summary>
    public FraudAction Action { get; init; }

    /// <summary>The longest stretch of past activity the check reads from the account, if any.</summary>
    private protected virtual Duration? Lookback => null;

    /// <summary>Whether any finding of this check can hold.</summary>
    internal virtual bool CanHold => Action == FraudAction.Hold;

    /// <summary>Why the check can hold points, for the message that asks for a review policy.</summary>
    internal virtual string HoldsBecause => "its action is hold";

    /// <summary>Looks at a ledger event (purchase, activity, redemption) before it applies.</summary>
    internal virtual void Inspect(in FraudInput input, List<FraudFinding> findings)
    {
    }

    /// <summary>Looks at a referral as it qualifies.</summary>
    internal virtual void Inspect(Referral referral, List<FraudFinding> findings)
    {
    }

    internal virtual void Validate(ProgramCheck check, string path, LedgerPolicy ledger)
    {
        if (string.IsNullOrWhiteSpace(Id))
        {
            check.Fail(path + ".id", "is required.");
        }

        if (Action is not (FraudAction.Hold or FraudAction.Reject))
        {
            check.Fail(path + ".action", $"must be Hold or Reject, was {Action}.");
        }

        if (Lookback is { } lookback)
        {
            if (lookback <= Duration.Zero)
            {
                check.Fail(path + ".window", $"must be positive, was {lookback}.");
            }
            else if (lookback > ledger.RetainedSpan)
            {
                check.Fail(path + ".window", $"{lookback} is longer than the ledger remembers events (retention {ledger.Retention}, at least {ledger.RetainedSpan}); lengthen the retention or shorten the window.");
            }
        }
    }

    private protected FraudFinding Finding(string reason) => new(Id, Action, reason);
}
