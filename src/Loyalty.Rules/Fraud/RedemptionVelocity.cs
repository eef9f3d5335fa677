using System.Collections.Generic;
using NodaTime;

namespace Loyalty.Rules;

/// <summary>
/// Too many redemptions by one member in a rolling window (the window ends with the redemption and counts it).
/// Redemptions can only be rejected: a held redemption would have to reserve points, which the ledger does not do.
/// </summary>
public sealed record RedemptionVelocity : FraudCheck
{
    /// <summary>Creates the check.</summary>
    /// <param name="window">The rolling window.</param>
    /// <param name="maxRedemptions">The most redemptions in the window without a finding.</param>
    public RedemptionVelocity(Duration window, int maxRedemptions)
        : base("redemption-velocity", FraudAction.Reject)
    {
        Window = window;
        MaxRedemptions = maxRedemptions;
    }

    /// <summary>The rolling window.</summary>
    public Duration Window { get; init; }

    /// <summary>The most redemptions in the window without a finding.</summary>
    public int MaxRedemptions { get; init; }

    private protected override Duration? Lookback => Window;

    internal override void Inspect(in FraudInput input, List<FraudFinding> findings)
    {
        if (input.Event is RedemptionEvent or RewardRedemptionEvent)
        {
            int count = input.Since(input.Event.At - Window).Redemptions + 1;
            if (count > MaxRedemptions)
            {
                findings.Add(Finding($"{count} redemptions within {Window}, above {MaxRedemptions}."));
            }
        }
    }

    internal override void Validate(ProgramCheck check, string path, LedgerPolicy ledger)
    {
        base.Validate(check, path, ledger);
        check.Positive(path + ".maxRedemptions", MaxRedemptions);
        if (Action == FraudAction.Hold)
        {
            check.Fail(path + ".action", "a redemption cannot be held, only rejected.");
        }
    }
}
