using System;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using NodaTime;
using Xunit;
using static Loyalty.Rules.Tests.Ledger.LedgerTestData;

namespace Loyalty.Rules.Tests.Transfers;

public class TransferTests
{
    private static readonly TransferPolicy TenPercent = new() { FeeRate = 0.10m };

    [Fact]
    public void AGives500_WithATenPercentFee_ACosts550_BGets500_WithTheirExpiry()
    {
        var program = TransferTestData.Program(TenPercent);
        var a = program.Buy(MemberAccount.Open("A"), "TA1", Local(2026, 1, 5), 1000m).Account;
        var b = MemberAccount.Open("B");

        var sent = program.Give(a, "X1", "B", Local(2026, 3, 1), 500);

        Assert.Equal(LedgerStatus.Applied, sent.Status);
        Assert.Equal(
            [(LedgerEntryKind.TransferredOut, 500L, "TA1/accrual", "X1/out#1"), (LedgerEntryKind.TransferFee, 50L, "TA1/accrual", "X1/out#2")],
            sent.Entries.Select(e => (e.Kind, e.Points.Value, e.LotId, e.Id)));
        Assert.Equal(450, sent.Account.Available(Local(2026, 3, 1)));
        Assert.Equal((500L, 50L), (sent.Account.Totals.TransferredOut.Value, sent.Account.Totals.TransferFees.Value));
        var receipt = sent.Transfer!;
        var expiry = Local(2027, 1, 6, 0);
        Assert.Equal(("X1", "A", "B", 500L, 50L, TransferStage.Sent), (receipt.TransferId, receipt.FromMemberId, receipt.ToMemberId, receipt.Points.Value, receipt.Fee.Value, receipt.Stage));
        Assert.Equal([new TransferredPoints(500, expiry, Local(2026, 1, 5))], receipt.Pieces.ToArray());

        var received = program.Apply(b, new TransferInEvent(receipt));

        Assert.Equal(LedgerStatus.Applied, received.Status);
        Assert.Equal(500, received.Account.Available(Local(2026, 3, 1)));
        var lot = Assert.Single(received.Account.Lots);
        Assert.Equal(("X1/in/1", 500L, expiry, "transfer"), (lot.Id, lot.Remaining.Value, lot.ExpiresAt, lot.RuleId));
        Assert.Equal(500, received.Account.Totals.TransferredIn);
        Assert.Equal((500L, 50L, 500L, 0L, 0L), TransferTestData.Moved(sent.Account, received.Account));

        // Re-deliveries are duplicates, on both sides; both accounts round-trip through JSON.
        Assert.Equal(LedgerStatus.Duplicate, program.Give(sent.Account, "X1", "B", Local(2026, 3, 1), 500).Status);
        Assert.Equal(LedgerStatus.Duplicate, program.Apply(received.Account, new TransferInEvent(receipt)).Status);
        Assert.Equal(LedgerStatus.Duplicate, program.Apply(received.Account, new TransferInEvent(TransferReceipt.FromJson(receipt.ToJson()))).Status);
        Assert.Equal(sent.Account, MemberAccount.FromJson(sent.Account.ToJson()));
        Assert.Equal(received.Account, MemberAccount.FromJson(received.Account.ToJson()));
    }

    [Fact]
    public void SoonestExpiringPointsGoFirst_KeepingEachExpiry_OrRenewed()
    {
        var keep = TransferTestData.Program(new TransferPolicy());
        var a = keep.Buy(MemberAccount.Open("A"), "TA1", Local(2026, 1, 5), 100m).Account;
        a = keep.Buy(a, "TA2", Local(2026, 2, 5), 100m).Account;

        var sent = keep.Give(a, "X1", "B", Local(2026, 3, 1), 150);
        Assert.Equal([new TransferredPoints(100, Local(2027, 1, 6, 0), Local(2026, 1, 5)), new TransferredPoints(50, Local(2027, 2, 6, 0), Local(2026, 2, 5))], sent.Transfer!.Pieces.ToArray());
        var kept = keep.Apply(MemberAccount.Open("B"), new TransferInEvent(sent.Transfer));
        Assert.Equal([(100L, (Instant?)Local(2027, 1, 6, 0)), (50L, Local(2027, 2, 6, 0))], kept.Account.Lots.Select(l => (l.Remaining.Value, l.ExpiresAt)));
        Assert.Equal((50L, (Instant?)Local(2027, 2, 6, 0)), (sent.Account.Lots.Single().Remaining.Value, sent.Account.Lots.Single().ExpiresAt));

        var renew = TransferTestData.Program(new TransferPolicy { Expiry = TransferExpiry.Renew });
        var renewedSent = renew.Give(renew.Buy(renew.Buy(MemberAccount.Open("A"), "TA1", Local(2026, 1, 5), 100m).Account, "TA2", Local(2026, 2, 5), 100m).Account, "X1", "B", Local(2026, 3, 1), 150);
        var renewed = renew.Apply(MemberAccount.Open("B"), new TransferInEvent(renewedSent.Transfer!));
        Assert.Equal([(150L, (Instant?)Local(2027, 3, 2, 0))], renewed.Account.Lots.Select(l => (l.Remaining.Value, l.ExpiresAt)));
    }

    [Fact]
    public void MaximumPerMonth_CountsTheTransfersOfTheirMonth_FeesAside()
    {
        var program = TransferTestData.Program(new TransferPolicy { MaximumPerPeriod = 1000, FeeRate = 0.05m });
        var a = program.Buy(MemberAccount.Open("A"), "TA1", Local(2026, 1, 5), 5000m).Account;

        a = program.Give(a, "X1", "B", Local(2026, 3, 2), 600).Account;
        var refused = program.Give(a, "X2", "B", Local(2026, 3, 31, 23, 30), 500);
        Assert.Equal((LedgerStatus.Rejected, "at most 1000 points may be given per month: 600 given already, 500 more asked."), (refused.Status, refused.Reason));
        Assert.Same(a, refused.Account);

        Assert.Equal(LedgerStatus.Applied, program.Give(a, "X3", "B", Local(2026, 3, 31, 23, 30), 400).Status); // 1000 exactly
        var april = program.Give(a, "X2", "B", Local(2026, 4, 1, 0, 30), 500); // 00:30 in New York: April
        Assert.Equal(LedgerStatus.Applied, april.Status);
        Assert.Equal(5000 - 630 - 525, april.Account.Available(Local(2026, 4, 2)));
    }

    [Fact]
    public void ATransferIsRefused_WhenTheProgramHasNone_BelowTheMinimum_OrWithoutThePointsAndFee()
    {
        var none = TransferTestData.Program();
        var a = none.Buy(MemberAccount.Open("A"), "TA1", Local(2026, 1, 5), 500m).Account;
        Assert.Equal("the program does not allow transfers.", none.Give(a, "X1", "B", Local(2026, 3, 1), 100).Reason);

        var program = TransferTestData.Program(TenPercent with { Minimum = 100 });
        a = program.Buy(MemberAccount.Open("A"), "TA1", Local(2026, 1, 5), 500m).Account;
        Assert.Equal("transfers start at 100 points; 99 asked.", program.Give(a, "X1", "B", Local(2026, 3, 1), 99).Reason);
        Assert.Equal("455 points and a fee of 46 asked, 500 available.", program.Give(a, "X1", "B", Local(2026, 3, 1), 455).Reason); // 45.5 rounds up
        Assert.Equal(0, program.Give(a, "X1", "B", Local(2026, 3, 1), 454).Account.Available(Local(2026, 3, 1))); // 454 + 46
        Assert.ThrowsAny<ArgumentException>(() => new TransferOutEvent("X1", "A", "A", Local(2026, 3, 1), 10));
    }

    [Fact]
    public void AForgedOrAlteredReceipt_IsRefused_AndOnlyTheSigningKeyIsTakenForIt()
    {
        var program = TransferTestData.Program(new TransferPolicy());
        var a = program.Buy(MemberAccount.Open("A"), "TA1", Local(2026, 1, 5), 1000m).Account;
        var receipt = program.Give(a, "X1", "B", Local(2026, 3, 1), 500).Transfer!;

        var json = JsonNode.Parse(receipt.ToJson())!;
        json["points"] = 5000;
        json["pieces"]![0]!["points"] = 5000;
        var altered = program.Apply(MemberAccount.Open("B"), new TransferInEvent(TransferReceipt.FromJson(json.ToJsonString())));
        Assert.Equal((LedgerStatus.Rejected, "the receipt of transfer 'X1' is not signed by this ledger: forged, altered after signing, or signed with another receipt key."), (altered.Status, altered.Reason));
        Assert.Equal(0, altered.Account.Totals.TransferredIn);

        json = JsonNode.Parse(receipt.ToJson())!;
        json["toMemberId"] = "C"; // redirected to another member
        Assert.Equal(LedgerStatus.Rejected, program.Apply(MemberAccount.Open("C"), new TransferInEvent(TransferReceipt.FromJson(json.ToJsonString()))).Status);

        var key = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        var keyed = program.Ledger.WithReceiptKey(key);
        var member = new MemberContext("B");
        Assert.Equal(LedgerStatus.Rejected, keyed.Process(MemberAccount.Open("B"), new TransferInEvent(receipt), member).Status); // signed without the key
        var signed = keyed.Process(a, new TransferOutEvent("X2", "A", "B", Local(2026, 3, 1), 100), new MemberContext("A")).Transfer!;
        Assert.Equal(LedgerStatus.Applied, keyed.Process(MemberAccount.Open("B"), new TransferInEvent(signed), member).Status);
        Assert.Equal(LedgerStatus.Rejected, program.Apply(MemberAccount.Open("B"), new TransferInEvent(signed)).Status);
        Assert.ThrowsAny<ArgumentException>(() => program.Ledger.WithReceiptKey(new byte[16]));
        Assert.StartsWith("$.signature: is required", Assert.Throws<JsonException>(() => TransferReceipt.FromJson("""{"transferId":"X","fromMemberId":"A","toMemberId":"B"}""")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ADeclinedTransfer_IsRecordedOnce_AndItsReversalReturnsPointsAndFeeToTheSameLots()
    {
        var program = TransferTestData.Program(TenPercent with { HouseholdOnly = true }, new HouseholdPolicy());
        var a = program.Buy(MemberAccount.Open("A"), "TA1", Local(2026, 1, 5), 1000m).Account;
        a = program.Apply(a, new HouseholdMembershipEvent("J1", "H1", "A", Local(2026, 1, 6), HouseholdChange.Join, HouseholdSide.Member)).Account;
        var sent = program.Give(a, "X1", "B", Local(2026, 3, 1), 500, household: "H1");
        Assert.Equal(LedgerStatus.Applied, sent.Status);

        var b = MemberAccount.Open("B"); // never joined H1
        var declined = program.Apply(b, new TransferInEvent(sent.Transfer!));

        Assert.Equal(LedgerStatus.Declined, declined.Status);
        Assert.Equal("transfer declined: 'B' is not in household 'H1': points are given and received within a household only; cannot receive.", declined.Reason);
        Assert.Equal((0L, 0L), (declined.Account.Available(Local(2026, 3, 1)), declined.Account.Totals.TransferredIn.Value));
        Assert.Equal((TransferStage.Declined, "'B' is not in household 'H1': points are given and received within a household only; cannot receive."), (declined.Transfer!.Stage, declined.Transfer.DeclinedBecause));
        Assert.Equal(LedgerStatus.Duplicate, program.Apply(declined.Account, new TransferInEvent(sent.Transfer!)).Status); // never taken later

        var reversed = program.Apply(sent.Account, new TransferReversalEvent(TransferReceipt.FromJson(declined.Transfer.ToJson())));

        Assert.Equal(LedgerStatus.Applied, reversed.Status);
        Assert.Equal([(LedgerEntryKind.TransferReversed, 500L, "TA1/accrual"), (LedgerEntryKind.TransferReversed, 50L, "TA1/accrual")], reversed.Entries.Select(e => (e.Kind, e.Points.Value, e.LotId)));
        Assert.Equal(1000, reversed.Account.Available(Local(2026, 3, 1)));
        Assert.Equal((Instant?)Local(2027, 1, 6, 0), reversed.Account.Lots.Single().ExpiresAt);
        Assert.Equal((0L, 0L), (reversed.Account.Totals.TransferredOut.Value, reversed.Account.Totals.TransferFees.Value));
        Assert.Equal(LedgerStatus.Duplicate, program.Apply(reversed.Account, new TransferReversalEvent(declined.Transfer)).Status);
        Assert.Equal(LedgerStatus.Applied, program.Give(reversed.Account, "X2", "B", Local(2026, 3, 1), 900, household: "H1").Status); // the reversed one no longer counts
        Assert.ThrowsAny<ArgumentException>(() => new TransferReversalEvent(sent.Transfer!));
        Assert.ThrowsAny<ArgumentException>(() => new TransferInEvent(declined.Transfer));
    }

    [Fact]
    public void HouseholdOnly_NeedsAHousehold_ThatBothAccountsAreIn()
    {
        var program = TransferTestData.Program(new TransferPolicy { HouseholdOnly = true }, new HouseholdPolicy());
        var a = program.Buy(MemberAccount.Open("A"), "TA1", Local(2026, 1, 5), 1000m).Account;
        Assert.Equal("transfers are within a household only: the transfer names none.", program.Give(a, "X1", "B", Local(2026, 3, 1), 100).Reason);
        Assert.Equal("'A' is not in household 'H1': points are given and received within a household only; cannot give.", program.Give(a, "X1", "B", Local(2026, 3, 1), 100, "H1").Reason);

        a = program.Apply(a, new HouseholdMembershipEvent("J1", "H1", "A", Local(2026, 1, 6), HouseholdChange.Join, HouseholdSide.Member)).Account;
        var b = program.Apply(MemberAccount.Open("B"), new HouseholdMembershipEvent("J2", "H1", "B", Local(2026, 1, 6), HouseholdChange.Join, HouseholdSide.Member)).Account;
        var sent = program.Give(a, "X1", "B", Local(2026, 3, 1), 100, "H1");
        var received = program.Apply(b, new TransferInEvent(sent.Transfer!));
        Assert.Equal((LedgerStatus.Applied, 100L), (received.Status, received.Account.Available(Local(2026, 3, 1))));
    }

    [Fact]
    public void IncomingPoints_RepayADebtFirst()
    {
        var program = Ledger.LedgerTestData.Program(new LotPolicy { Expiry = ExpiryPolicy.FixedTerm(Period.FromMonths(12)) })
            .WithLedger(new LedgerPolicy { Shortfall = RefundShortfall.Debt }).WithTransfers(new TransferPolicy()).Build();
        var a = program.Buy(MemberAccount.Open("A"), "TA1", Local(2026, 1, 5), 1000m).Account;
        var receipt = program.Give(a, "X1", "B", Local(2026, 3, 1), 300).Transfer!;
        var sale = new Transaction("TB1", "B", Local(2026, 2, 1), "USD", "store", [new TransactionLine("SKU", "coffee", 1m, 100m)]);
        var b = program.Apply(MemberAccount.Open("B"), new PurchaseEvent(sale)).Account;
        b = program.Apply(b, new RedemptionEvent("RB1", "B", Local(2026, 2, 2), 100)).Account;
        b = program.Apply(b, new RefundEvent("RFB1", Local(2026, 2, 3), sale, [new ReturnedLine(0, 1m)])).Account;
        Assert.Equal(100, b.Debt);

        var received = program.Apply(b, new TransferInEvent(receipt));

        Assert.Equal([(LedgerEntryKind.DebtRepaid, 100L), (LedgerEntryKind.TransferredIn, 200L)], received.Entries.Select(e => (e.Kind, e.Points.Value)));
        Assert.Equal((0L, 200L, 300L), (received.Account.Debt.Value, received.Account.Available(Local(2026, 3, 1)), received.Account.Totals.TransferredIn.Value));
    }

    [Fact]
    public void ThePolicy_IsValidated_AndRoundTripsThroughJson()
    {
        var problems = Assert.Throws<ProgramValidationException>(() => TransferTestData.Program(new TransferPolicy { FeeRate = 1m, MaximumPerPeriod = 0, Minimum = 0 })).Problems;
        Assert.Contains(problems, p => p.Path == "transfers.feeRate" && p.Reason == "must be at least 0 and below 1, was 1.");
        Assert.Contains(problems, p => p.Path == "transfers.minimum");
        Assert.Contains(problems, p => p.Path == "transfers.maximumPerPeriod");

        var program = TransferTestData.Program(new TransferPolicy { MaximumPerPeriod = 2000, Period = CalendarPeriod.Quarter, FeeRate = 0.1m, HouseholdOnly = true, Expiry = TransferExpiry.Renew }, new HouseholdPolicy { MaxMembers = 4, ContributionShare = 0.5m }, new MergePolicy { Tier = MergeTier.Target });
        var json = program.ToJson();
        var read = LoyaltyProgram.FromJson(json);
        Assert.Equal(program.Transfers, read.Transfers);
        Assert.Equal(program.Households, read.Households);
        Assert.Equal(program.Merges, read.Merges);
        Assert.Equal(json, read.ToJson());

        var bad = JsonNode.Parse(json)!;
        bad["transfers"]!["feeRate"] = 1.5;
        var error = Assert.Throws<ProgramDefinitionException>(() => LoyaltyProgram.FromJson(bad.ToJsonString()));
        Assert.Contains(error.Problems, p => p.Path == "$.transfers.feeRate" && p.Reason == "must be at least 0 and below 1, was 1.5.");
    }
}
