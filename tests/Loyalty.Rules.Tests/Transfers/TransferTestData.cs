using System.Linq;
using NodaTime;
using static Loyalty.Rules.Tests.Ledger.LedgerTestData;

namespace Loyalty.Rules.Tests.Transfers;

internal static class TransferTestData
{
    /// <summary>1 point per dollar, lots expiring after 12 months, New York.</summary>
    public static LoyaltyProgram Program(TransferPolicy? transfers = null, HouseholdPolicy? households = null, MergePolicy? merges = null)
    {
        var builder = Ledger.LedgerTestData.Program(new LotPolicy { Expiry = ExpiryPolicy.FixedTerm(Period.FromMonths(12)) });
        if (transfers is not null)
        {
            builder.WithTransfers(transfers);
        }

        if (households is not null)
        {
            builder.WithHouseholds(households);
        }

        if (merges is not null)
        {
            builder.WithMerges(merges);
        }

        return builder.Build();
    }

    public static LedgerOutcome Buy(this LoyaltyProgram program, MemberAccount account, string id, Instant at, decimal amount)
        => program.Ledger.Process(account, new PurchaseEvent(new Transaction(id, account.MemberId, at, "USD", "store", [new TransactionLine("SKU", "coffee", 1m, amount)])), new MemberContext(account.MemberId));

    public static LedgerOutcome Apply(this LoyaltyProgram program, MemberAccount account, LedgerEvent e)
        => program.Ledger.Process(account, e, new MemberContext(account.MemberId));

    public static LedgerOutcome Give(this LoyaltyProgram program, MemberAccount from, string transferId, string to, Instant at, long points, string? household = null)
        => program.Apply(from, new TransferOutEvent(transferId, from.MemberId, to, at, points, household));

    public static long Available(this MemberAccount account, Instant at) => account.BalanceAt(at).Available.Value;

    /// <summary>Every account's conservation identity (the ledger checks it too), and the sum over accounts of what moved.</summary>
    public static (long Out, long Fees, long In, long MergedOut, long MergedIn) Moved(params MemberAccount[] accounts)
        => (accounts.Sum(a => a.Totals.TransferredOut.Value), accounts.Sum(a => a.Totals.TransferFees.Value), accounts.Sum(a => a.Totals.TransferredIn.Value),
            accounts.Sum(a => a.Totals.MergedOut.Value), accounts.Sum(a => a.Totals.MergedIn.Value));
}
