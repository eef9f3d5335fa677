using System.Linq;
using NodaTime;
using Xunit;
using static Loyalty.Rules.Tests.Ledger.LedgerTestData;

namespace Loyalty.Rules.Tests.Ledger;

public class OncePerMemberTests
{
    private static readonly LoyaltyProgram Program = LedgerTestData.Program()
        .AddActivity(new ActivityRule { Id = "sign-up", Activity = ActivityKind.SignUp, Points = new Points(100), OncePerMember = true })
        .AddActivity(new ActivityRule { Id = "review", Activity = ActivityKind.Review, Points = new Points(15) })
        .Build();

    private static LedgerOutcome Do(MemberAccount account, string id, ActivityKind kind, Instant at)
        => Program.Ledger.Process(account, new ActivityAccrualEvent(new ActivityEvent(id, "M1", at, kind)), Member);

    [Fact]
    public void ASignUpBonus_IsPaidOncePerMember_WhateverTheEventId()
    {
        var first = Do(MemberAccount.Open("M1"), "S1", ActivityKind.SignUp, Local(2026, 3, 10));
        var again = Do(first.Account, "S2", ActivityKind.SignUp, Local(2026, 3, 11));
        var review = Do(again.Account, "R1", ActivityKind.Review, Local(2026, 3, 12));
        var review2 = Do(review.Account, "R2", ActivityKind.Review, Local(2026, 3, 13));

        Assert.Equal(100, first.Accrual!.Total.Value);
        Assert.Equal(0, again.Accrual!.Total.Value);
        Assert.Equal([15L, 15L], new[] { review.Accrual!.Total.Value, review2.Accrual!.Total.Value });
        Assert.Equal(new[] { "sign-up" }, review2.Account.State.Get(ActivityRuleState.PaidOnce).ToArray());
        Assert.Equal(130, review2.Account.BalanceAt(Local(2026, 3, 13)).Available);
        Assert.Equal(review2.Account, MemberAccount.FromJson(review2.Account.ToJson()));
        Assert.Contains("\"oncePerMember\": true", Program.ToJson(), System.StringComparison.Ordinal);
        Assert.Equal(Program.ToJson(), LoyaltyProgram.FromJson(Program.ToJson()).ToJson());
    }

    [Fact]
    public void TheEvaluatorAlone_ReadsThePaidRulesFromTheMemberContext()
    {
        var signUp = new ActivityEvent("S1", "M1", Local(2026, 3, 10), ActivityKind.SignUp);

        Assert.Equal(100, Program.Evaluator.EvaluateActivity(signUp, new MemberContext("M1")).Total.Value);
        Assert.Equal(0, Program.Evaluator.EvaluateActivity(signUp, new MemberContext("M1", paidOnceRules: ["sign-up"])).Total.Value);
    }
}
