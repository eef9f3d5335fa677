namespace Loyalty.Rules;

/// <summary>
/// The account's running totals while a draft works on them: a value, so that an event's <c>totals with { ... }</c>
/// makes no object (a batch of events makes one <see cref="LedgerTotals"/> when the account is written, not one each).
/// The same names as <see cref="LedgerTotals"/>.
/// </summary>
internal readonly record struct TotalsDraft
{
    public Points Accrued { get; init; }

    public Points AdjustedUp { get; init; }

    public Points AdjustedDown { get; init; }

    public Points Redeemed { get; init; }

    public Points Expired { get; init; }

    public Points Reversed { get; init; }

    public Points Voided { get; init; }

    public Points WrittenOff { get; init; }

    public Points TransferredOut { get; init; }

    public Points TransferFees { get; init; }

    public Points TransferredIn { get; init; }

    public Points MergedOut { get; init; }

    public Points MergedIn { get; init; }

    public static TotalsDraft Of(LedgerTotals t) => new()
    {
        Accrued = t.Accrued, AdjustedUp = t.AdjustedUp, AdjustedDown = t.AdjustedDown, Redeemed = t.Redeemed, Expired = t.Expired,
        Reversed = t.Reversed, Voided = t.Voided, WrittenOff = t.WrittenOff, TransferredOut = t.TransferredOut, TransferFees = t.TransferFees,
        TransferredIn = t.TransferredIn, MergedOut = t.MergedOut, MergedIn = t.MergedIn,
    };

    /// <summary>The totals to write: <paramref name="stored"/> itself when nothing changed.</summary>
    public LedgerTotals ToTotals(LedgerTotals stored) => this == Of(stored) ? stored : new()
    {
        Accrued = Accrued, AdjustedUp = AdjustedUp, AdjustedDown = AdjustedDown, Redeemed = Redeemed, Expired = Expired,
        Reversed = Reversed, Voided = Voided, WrittenOff = WrittenOff, TransferredOut = TransferredOut, TransferFees = TransferFees,
        TransferredIn = TransferredIn, MergedOut = MergedOut, MergedIn = MergedIn,
    };
}
