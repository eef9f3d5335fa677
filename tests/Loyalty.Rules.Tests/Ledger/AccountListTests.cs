using System.Collections.Immutable;
using System.Linq;
using NodaTime;
using Xunit;

namespace Loyalty.Rules.Tests.Ledger;

/// <summary>
/// Accounts share their lists' buffers with the accounts they came from: every account must still see only its own
/// history, whatever else was written from the same predecessor.
/// </summary>
public sealed class AccountListTests
{
    private static readonly DateTimeZone NewYork = DateTimeZoneProviders.Tzdb["America/New_York"];
    private static readonly Instant Monday = Instant.FromUtc(2026, 3, 2, 15, 0);
    private static readonly MemberContext Member = new("M1");

    private static AppliedEvent Id(string id) => new(id, "", Monday, LedgerEventKind.Purchase, 0);

    private static string[] Ids(AccountList<AppliedEvent> list) => [.. list.Select(a => a.Id)];

    [Fact]
    public void AnAppend_IsInPlaceOnlyForTheFirstAccountWrittenFromAList()
    {
        var stored = AccountList<AppliedEvent>.Of(ImmutableArray.Create(Id("a"), Id("b"))); // as loaded: a full buffer
        var grown = stored.Append(0, [Id("c")]); // copies, with room
        var first = grown.Append(0, [Id("d")]); // in the room
        var second = grown.Append(0, [Id("e")]); // the room is taken: copies
        var dropped = first.Append(2, [Id("f")]);

        Assert.Equal(["a", "b"], Ids(stored));
        Assert.Equal(["a", "b", "c"], Ids(grown));
        Assert.Equal(["a", "b", "c", "d"], Ids(first));
        Assert.Equal(["a", "b", "c", "e"], Ids(second));
        Assert.Equal(["c", "d", "f"], Ids(dropped));
        Assert.Equal(["a", "b", "c", "d"], Ids(first)); // unchanged by what came after it
        Assert.Equal(["c", "d", "f"], dropped.ToImmutableArray().Select(a => a.Id));
        Assert.True(default(AccountList<AppliedEvent>).IsEmpty);
        Assert.Empty(stored.Append(2, []));
    }

    [Fact]
    public void TwoEventsAppliedToTheSameAccount_GiveTwoAccountsThatDoNotSeeEachOther()
    {
        var program = new LoyaltyProgramBuilder("branches", "USD", NewYork).AddEarnRate("base", 1m).Build();
        var account = MemberAccount.Open("M1");
        for (int i = 0; i < 3; i++)
        {
            account = program.Ledger.Process(account, Sale($"T{i}", Monday.Plus(Duration.FromHours(i)), 10m), Member).Account;
        }

        var before = account.ToJson();
        var left = program.Ledger.Process(account, Sale("L", Monday.Plus(Duration.FromHours(5)), 40m), Member).Account;
        var right = program.Ledger.Process(account, Sale("R", Monday.Plus(Duration.FromHours(6)), 70m), Member).Account;
        var leftAgain = program.Ledger.Process(left, Sale("L2", Monday.Plus(Duration.FromHours(7)), 5m), Member).Account;

        Assert.Equal([10L, 10L, 10L, 40L], left.Lots.Select(l => l.Points.Value));
        Assert.Equal([10L, 10L, 10L, 70L], right.Lots.Select(l => l.Points.Value));
        Assert.Equal([10L, 10L, 10L, 40L, 5L], leftAgain.Lots.Select(l => l.Points.Value));
        Assert.Equal(before, account.ToJson());
        Assert.Equal(LedgerStatus.Applied, program.Ledger.Process(right, Sale("L", Monday.Plus(Duration.FromHours(5)), 40m), Member).Status); // R's account never saw L
        Assert.Equal(LedgerStatus.Duplicate, program.Ledger.Process(leftAgain, Sale("L", Monday.Plus(Duration.FromHours(5)), 40m), Member).Status);
        Assert.Equal(MemberAccount.FromJson(left.ToJson()), left);
    }

    [Fact]
    public void ForgettingTheFront_IsUndoneInOrder()
    {
        var list = new WorkingList<AppliedEvent>(AccountList<AppliedEvent>.Of(ImmutableArray.Create(Id("a"), Id("b"), Id("c"), Id("d")))) { Journaling = true };
        list.Add(Id("e"));
        int mark = list.Mark;

        Assert.Equal(2, list.RemoveAll(a => a.Id is "a" or "b"));
        Assert.Equal(["c", "d", "e"], list.Select(a => a.Id));
        list.RollBack(mark);
        Assert.Equal(["a", "b", "c", "d", "e"], list.Select(a => a.Id));

        Assert.Equal(1, list.RemoveAll(a => a.Id == "a"));
        Assert.Equal(["b", "c", "d", "e"], Ids(list.ToImmutable()));
        Assert.Equal(2, list.RemoveAll(a => a.Id is "c" or "e")); // not a front: edited
        Assert.Equal(["b", "d"], Ids(list.ToImmutable()));
    }

    private static PurchaseEvent Sale(string id, Instant at, decimal amount)
        => new(new Transaction(id, "M1", at, "USD", "store", [new TransactionLine("SKU", "coffee", 1m, amount)]));
}
