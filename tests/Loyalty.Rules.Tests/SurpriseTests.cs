using System.Linq;
using Loyalty.Rules.Testing;
using NodaTime;
using Xunit;

namespace Loyalty.Rules.Tests;

public class SurpriseTests
{
    private static readonly LoyaltyProgram Program = new LoyaltyProgramBuilder("surprise", "USD", DateTimeZone.Utc)
        .AddEarnRate("base", 1m)
        .AddPolicy(new SurpriseBonus { Id = "golden-cup", Points = new Points(100), Odds = 0.5m })
        .Build();

    private static readonly SurpriseBonus Cup = (SurpriseBonus)Program.Earn[1];

    private static AccrualResult Evaluate(long? seed)
    {
        var builder = new TransactionBuilder().Line("X", "coffee", 1m, 10.00m);
        return Program.Evaluator.Evaluate(seed is { } s ? builder.WithDrawSeed(s).Build() : builder.Build(), new MemberBuilder().Build());
    }

    [Fact]
    public void ASeededDraw_WinsBelowTheOdds_AndReplaysIdentically()
    {
        long winning = Enumerable.Range(1, 100).First(s => Cup.Draw(s) < 0.5);
        long losing = Enumerable.Range(1, 100).First(s => Cup.Draw(s) >= 0.5);

        var won = Evaluate(winning);
        Assert.Equal(110, won.Total.Value);
        Assert.StartsWith($"+100 surprise golden-cup: drew 0.", won.Items.Single(i => i.RuleId == "golden-cup").Reason, System.StringComparison.Ordinal);
        Assert.EndsWith($"under odds 0.5 (seed {winning})", won.Items.Single(i => i.RuleId == "golden-cup").Reason, System.StringComparison.Ordinal);
        Assert.Equal(10, Evaluate(losing).Total.Value);
        Assert.Equal(won.ToString(), Evaluate(winning).ToString()); // an audit replays the draw from the seed
        Assert.Equal(10, Evaluate(null).Total.Value);                // no seed, no draw
    }

    [Fact]
    public void TheOdds_AreWhatTheyClaim_OverManySeeds()
    {
        int wins = Enumerable.Range(0, 20_000).Count(s => Cup.Draw(s * 7919L) < 0.5);

        Assert.InRange(wins, 9_700, 10_300); // 50% within 3%
    }

    [Fact]
    public void OddsBelowOneInFour_AreRefused()
    {
        var error = Assert.Throws<ProgramValidationException>(() => new LoyaltyProgramBuilder("surprise", "USD", DateTimeZone.Utc)
            .AddPolicy(new SurpriseBonus { Id = "long-shot", Points = new Points(1000), Odds = 0.24m }).Build());

        Assert.Equal("earn[0] (id 'long-shot').odds: must be from 0.25 to 1, was 0.24: the program refuses surprises won less than one time in four.", Assert.Single(error.Problems).ToString());
        Assert.Equal(("earn[0].odds", "long-shot"), (error.Problems[0].Path, error.Problems[0].RuleId)); // the path stays a path; the id is its own field
        Assert.Contains("\"kind\": \"surpriseBonus\"", Program.ToJson(), System.StringComparison.Ordinal);
        Assert.Equal(Program.ToJson(), LoyaltyProgram.FromJson(Program.ToJson()).ToJson());
    }

    [Fact]
    public void TheSeed_IsPartOfTheTransaction_SoAnotherSeedIsAConflictNotAReplay()
    {
        var first = new TransactionBuilder("T-7").WithDrawSeed(1).Build();
        var other = new TransactionBuilder("T-7").WithDrawSeed(2).Build();
        var account = Program.Ledger.Process(MemberAccount.Open("M1"), new PurchaseEvent(first), new MemberBuilder().Build()).Account;

        Assert.Equal(LedgerStatus.Rejected, Program.Ledger.Process(account, new PurchaseEvent(other), new MemberBuilder().Build()).Status);
    }
}
