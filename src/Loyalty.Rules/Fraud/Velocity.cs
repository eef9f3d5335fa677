using System.Collections.Generic;
using NodaTime;

namespace Loyalty.Rules;

/// <summary>
/// Too many purchases, or too many points earned, by one member in a rolling window of exact elapsed time (the
/// window ends with the event and counts it). Read from the account's remembered events, so the window must fit in
/// the ledger's retention. Default action: hold.
/// </summary>
public sealed record Velocity : FraudCheck
{
    /// <summary>Creates the check; set <see cref="MaxPurchases"/>, <see cref="MaxPoints"/> or both.</summary>
    /// <param name="window">The rolling window (e.g. one hour, 24 hours).</param>
    public Velocity(Duration window)
        : base("velocity", FraudAction.Hold) => Window = window;

    /// <summary>The rolling window.</summary>
    public Duration Window { get; init; }

    /// <summary>The most purchases in the window without a finding, or null.</summary>
    public int? MaxPurchases { get; init; }

    /// <summary>The most points earned (purchases and activities) in the window without a finding, or null.</summary>
    public Points? MaxPoints { get; init; }

    private protected override Duration? Lookback => Window;

    internal override void Inspect(in FraudInput input, List<FraudFinding> findings)
    {
        if (!input.Earns)
        {
            return;
        }

        var (points, purchases, _) = input.Since(input.Event.At - Window);
        if (input.Event is PurchaseEvent && purchases + 1 > MaxPurchases)
        {
            findings.Add(Finding($"{purchases + 1} purchases within {Window}, above {MaxPurchases}."));
        }

        if (points + input.Points > MaxPoints)
        {
            findings.Add(Finding($"{points + input.Points} points earned within {Window}, above {MaxPoints}."));
        }
    }

    internal override void Validate(ProgramCheck check, string path, LedgerPolicy ledger)
    {
        base.Validate(check, path, ledger);
        if (MaxPurchases is null && MaxPoints is null)
        {
            check.Fail(path, "sets neither maxPurchases nor maxPoints: it could never find anything.");
        }

        if (MaxPurchases is { } purchases)
        {
            check.Positive(path + ".maxPurchases", purchases);
        }

        if (MaxPoints is { } points)
        {
            check.Positive(path + ".maxPoints", points);
        }
    }
}
