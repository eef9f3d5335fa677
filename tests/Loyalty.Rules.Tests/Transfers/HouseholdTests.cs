using System.Linq;
using NodaTime;
using Xunit;
using static Loyalty.Rules.Tests.Ledger.LedgerTestData;

namespace Loyalty.Rules.Tests.Transfers;

public class HouseholdTests
{
    private static (MemberAccount Pool, MemberAccount Member) Join(LoyaltyProgram program, MemberAccount pool, MemberAccount member, string id, Instant at, bool mayRedeem = true)
    {
        var poolSide = program.Apply(pool, new HouseholdMembershipEvent(id, pool.MemberId, member.MemberId, at, HouseholdChange.Join, HouseholdSide.Pool, mayRedeem));
        var memberSide = program.Apply(member, new HouseholdMembershipEvent(id, pool.MemberId, member.MemberId, at, HouseholdChange.Join, HouseholdSide.Member, mayRedeem));
        Assert.Equal((LedgerStatus.Applied, LedgerStatus.Applied), (poolSide.Status, memberSide.Status));
        return (poolSide.Account, memberSide.Account);
    }

    [Fact]
    public void HalfOfWhatAMemberEarns_GoesToThePool_ThroughTheSameTwoEvents_AndAMemberTheHouseholdAllowsRedeemsIt()
    {
        var program = TransferTestData.Program(households: new HouseholdPolicy { ContributionShare = 0.5m });
        var pool = MemberAccount.Open("H1");
        (pool, var ann) = Join(program, pool, MemberAccount.Open("ANN"), "J1", Local(2026, 1, 2));
        (pool, var kid) = Join(program, pool, MemberAccount.Open("KID"), "J2", Local(2026, 1, 2), mayRedeem: false);

        var bought = program.Buy(ann, "T1", Local(2026, 1, 5), 301m); // 301 points: 150 to the pool

        Assert.Equal(151, bought.Account.Available(Local(2026, 1, 5)));
        Assert.Equal(301, bought.Account.Totals.Accrued);
        var receipt = bought.Transfer!;
        Assert.Equal(("T1/contribution", "ANN", "H1", "H1", 150L, 0L), (receipt.TransferId, receipt.FromMemberId, receipt.ToMemberId, receipt.HouseholdId, receipt.Points.Value, receipt.Fee.Value));
        pool = program.Apply(pool, new TransferInEvent(receipt)).Account;
        Assert.Equal(150, pool.Available(Local(2026, 1, 5)));
        Assert.Equal((Instant?)Local(2027, 1, 6, 0), pool.Lots.Single().ExpiresAt); // the expiry it was earned with

        // A member the household allows redeems from the pool; one it does not, or a stranger, cannot; nor can nobody.
        var redeemed = program.Apply(pool, new RedemptionEvent("R1", "H1", Local(2026, 1, 10), 100, redeemedBy: "ANN"));
        Assert.Equal((LedgerStatus.Applied, 50L), (redeemed.Status, redeemed.Account.Available(Local(2026, 1, 10))));
        Assert.Equal("household 'H1' does not allow 'KID' to redeem from its pool.", program.Apply(pool, new RedemptionEvent("R2", "H1", Local(2026, 1, 10), 10, redeemedBy: "KID")).Reason);
        Assert.Equal("'BOB' is not a member of household 'H1'.", program.Apply(pool, new RedemptionEvent("R2", "H1", Local(2026, 1, 10), 10, redeemedBy: "BOB")).Reason);
        Assert.Equal("'H1' is a household's pool: name the member who redeems.", program.Apply(pool, new RedemptionEvent("R2", "H1", Local(2026, 1, 10), 10)).Reason);
        Assert.Equal("'KID' cannot redeem from the account of 'ANN'.", program.Apply(ann, new RedemptionEvent("R2", "ANN", Local(2026, 1, 10), 10, redeemedBy: "KID")).Reason);

        // The kid's purchase contributes too (earning is not redeeming); the pool's own tally stays exact.
        var kids = program.Buy(kid, "T2", Local(2026, 1, 6), 10m);
        pool = program.Apply(pool, new TransferInEvent(kids.Transfer!)).Account;
        Assert.Equal(155, pool.Available(Local(2026, 1, 6)));
        Assert.Equal(155, pool.Totals.TransferredIn);
        Assert.Equal((150L + 5, 150L + 5), (bought.Account.Totals.TransferredOut.Value + kids.Account.Totals.TransferredOut.Value, pool.Totals.TransferredIn.Value));
        Assert.Equal(pool, MemberAccount.FromJson(pool.ToJson()));
    }

    [Fact]
    public void AMemberWhoLeft_ContributesNoMore_AndThePoolTakesNothingFromThem_ButKeepsItsPoints()
    {
        var program = TransferTestData.Program(households: new HouseholdPolicy { ContributionShare = 1m });
        var (pool, ann) = Join(program, MemberAccount.Open("H1"), MemberAccount.Open("ANN"), "J1", Local(2026, 1, 2));
        var bought = program.Buy(ann, "T1", Local(2026, 1, 5), 100m);
        Assert.Equal(0, bought.Account.Available(Local(2026, 1, 5))); // all of it goes to the pool
        var sentBeforeLeaving = bought.Transfer!;

        var leftPool = program.Apply(pool, new HouseholdMembershipEvent("L1", "H1", "ANN", Local(2026, 1, 7), HouseholdChange.Leave, HouseholdSide.Pool)).Account;
        var leftAnn = program.Apply(bought.Account, new HouseholdMembershipEvent("L1", "H1", "ANN", Local(2026, 1, 7), HouseholdChange.Leave, HouseholdSide.Member)).Account;

        var later = program.Buy(leftAnn, "T2", Local(2026, 1, 8), 40m);
        Assert.Null(later.Transfer);
        Assert.Equal(40, later.Account.Available(Local(2026, 1, 8)));

        // The contribution sent while a member arrives after she left: the pool declines it, and her reversal returns it.
        var declined = program.Apply(leftPool, new TransferInEvent(sentBeforeLeaving));
        Assert.Equal((LedgerStatus.Declined, "transfer declined: household 'H1' takes points from its members only, and 'ANN' is not one."), (declined.Status, declined.Reason));
        var back = program.Apply(later.Account, new TransferReversalEvent(declined.Transfer!));
        Assert.Equal(140, back.Account.Available(Local(2026, 1, 8)));

        Assert.Equal("'ANN' is not in household 'H1'.", program.Apply(back.Account, new HouseholdMembershipEvent("L2", "H1", "ANN", Local(2026, 1, 9), HouseholdChange.Leave, HouseholdSide.Member)).Reason);
    }

    [Fact]
    public void MembershipRules_OneHouseholdAtATime_AMaximum_AndAPoolIsNoMember()
    {
        var program = TransferTestData.Program(households: new HouseholdPolicy { MaxMembers = 2 });
        var pool = MemberAccount.Open("H1");
        (pool, var ann) = Join(program, pool, MemberAccount.Open("ANN"), "J1", Local(2026, 1, 2));
        (pool, _) = Join(program, pool, MemberAccount.Open("BOB"), "J2", Local(2026, 1, 2));

        Assert.Equal("household 'H1' has 2 members, the most the program allows.",
            program.Apply(pool, new HouseholdMembershipEvent("J3", "H1", "CAT", Local(2026, 1, 3), HouseholdChange.Join, HouseholdSide.Pool)).Reason);
        Assert.Equal("'ANN' is in household 'H1': leave it before joining 'H2'.",
            program.Apply(ann, new HouseholdMembershipEvent("J4", "H2", "ANN", Local(2026, 1, 3), HouseholdChange.Join, HouseholdSide.Member)).Reason);
        Assert.Equal("'H1' is a household's pool: a pool joins no household.",
            program.Apply(pool, new HouseholdMembershipEvent("J5", "H2", "H1", Local(2026, 1, 3), HouseholdChange.Join, HouseholdSide.Member)).Reason);
        Assert.Equal("the program has no households.",
            TransferTestData.Program().Apply(MemberAccount.Open("ANN"), new HouseholdMembershipEvent("J1", "H1", "ANN", Local(2026, 1, 2), HouseholdChange.Join, HouseholdSide.Member)).Reason);
        Assert.ThrowsAny<System.ArgumentException>(() => new HouseholdMembershipEvent("J1", "H1", "H1", Local(2026, 1, 2), HouseholdChange.Join, HouseholdSide.Pool));
    }

    [Fact]
    public void AMemberContributesByHand_WithoutATransferPolicy_NoFee_AndAPoolGivesNothing()
    {
        var program = TransferTestData.Program(households: new HouseholdPolicy());
        var (pool, ann) = Join(program, MemberAccount.Open("H1"), MemberAccount.Open("ANN"), "J1", Local(2026, 1, 2));
        ann = program.Buy(ann, "T1", Local(2026, 1, 5), 100m).Account;

        var sent = program.Give(ann, "C1", "H1", Local(2026, 1, 6), 60, household: "H1");
        Assert.Equal((LedgerStatus.Applied, 40L, 0L), (sent.Status, sent.Account.Available(Local(2026, 1, 6)), sent.Transfer!.Fee.Value));
        pool = program.Apply(pool, new TransferInEvent(sent.Transfer)).Account;
        Assert.Equal(60, pool.Available(Local(2026, 1, 6)));

        Assert.Equal("the program does not allow transfers.", program.Give(ann, "X1", "BOB", Local(2026, 1, 6), 10).Reason);

        // Contributions do not count toward the transfer maximum.
        var capped = TransferTestData.Program(new TransferPolicy { MaximumPerPeriod = 100 }, new HouseholdPolicy { ContributionShare = 1m });
        var (_, cat) = Join(capped, MemberAccount.Open("H1"), MemberAccount.Open("CAT"), "J1", Local(2026, 1, 2));
        cat = capped.Buy(cat, "T1", Local(2026, 1, 5), 300m).Account;                      // all 300 to the pool
        cat = capped.Apply(cat, new AdjustmentEvent("ADJ", "CAT", Local(2026, 1, 5), 100, "goodwill")).Account;
        Assert.Equal(LedgerStatus.Applied, capped.Give(cat, "X2", "DAN", Local(2026, 1, 6), 100).Status);
        Assert.Equal("'H1' is a household's pool: its members redeem from it, it gives no points.", program.Give(pool, "X2", "ANN", Local(2026, 1, 6), 10).Reason);
        Assert.Equal("'ANN' is not in household 'H2' (it is in 'H1'): points are given and received within a household only; cannot contribute.", program.Give(ann, "C2", "H2", Local(2026, 1, 6), 10, household: "H2").Reason);
    }

    [Fact]
    public void AHouseholdThatQualifiesAsOne_ReachesSilverFromItsMembersSpend_WhileEachAloneStaysBronze()
    {
        var program = new LoyaltyProgramBuilder("family", "USD", NewYork).AddEarnRate("base", 1m)
            .WithTierLadder(Tiers.TierTests.Ladder())                  // Silver from 350 of spend in a calendar year
            .AddTierAccelerator("tiers", ("Silver", 1.25m), ("Gold", 1.5m))
            .WithHouseholds(new HouseholdPolicy { QualifiesHousehold = true }) // no points pooled: only the qualifying
            .Build();
        var pool = MemberAccount.Open("H1");
        (pool, var ann) = Join(program, pool, MemberAccount.Open("ANN"), "J1", Local(2026, 1, 2));
        (pool, var bob) = Join(program, pool, MemberAccount.Open("BOB"), "J2", Local(2026, 1, 2));

        var annBuys = program.Buy(ann, "T1", Local(2026, 3, 1), 200m);
        var bobBuys = program.Buy(bob, "T2", Local(2026, 3, 2), 200m);
        Assert.Equal(("Bronze", "Bronze"), (annBuys.Tier!.TierId, bobBuys.Tier!.TierId));
        Assert.Equal((0L, 200m), (annBuys.Transfer!.Points.Value, annBuys.Transfer.Qualifying!.Spend));
        Assert.Equal(200, annBuys.Account.Available(Local(2026, 3, 1)));

        pool = program.Apply(pool, new TransferInEvent(annBuys.Transfer)).Account;
        var second = program.Apply(pool, new TransferInEvent(bobBuys.Transfer!));
        Assert.Equal("Silver", second.Tier!.TierId);
        Assert.Equal(new TierChange("Bronze", "Silver", TierChangeReason.Upgraded), second.TierChange);
        Assert.Equal("Silver", program.Ledger.TierOf(second.Account, Local(2026, 6, 1))!.TierId);
        Assert.Equal(LedgerStatus.Duplicate, program.Apply(second.Account, new TransferInEvent(bobBuys.Transfer!)).Status); // counted once
        Assert.Equal(0, second.Account.Available(Local(2026, 3, 2)));

        // The host passes the household's tier as the member's: Ann's next purchase earns Silver's 1.25.
        var silver = program.Ledger.Process(annBuys.Account, new PurchaseEvent(new Transaction("T3", "ANN", Local(2026, 3, 3), "USD", "store", [new TransactionLine("SKU", "coffee", 1m, 100m)])), new MemberContext("ANN", tierId: "Silver"));
        Assert.Equal(125, silver.Accrual!.Total.Value);
    }
}
