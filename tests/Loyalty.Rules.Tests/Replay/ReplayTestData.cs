using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using Loyalty.Rules.Samples;
using NodaTime;

namespace Loyalty.Rules.Tests.Replays;

internal static class ReplayTestData
{
    public static LoyaltyProgram Coffee { get; } = CoffeeProgram.Build();

    /// <summary>The coffee program without its double points on Tuesdays.</summary>
    public static LoyaltyProgram CoffeeWithoutDoubleTuesday { get; } = Without(Coffee, "double-tuesday");

    public static LoyaltyProgram Without(LoyaltyProgram program, string ruleId)
    {
        var json = JsonNode.Parse(program.ToJson())!.AsObject();
        var earn = json["earn"]!.AsArray();
        earn.Remove(earn.Single(rule => (string?)rule!["id"] == ruleId));
        json["version"] = program.Version + 1;
        return LoyaltyProgram.FromJson(json.ToJsonString());
    }

    public static PurchaseEvent Purchase(string id, string member, Instant at, decimal amount, string channel = "store", string category = "coffee")
        => new(new Transaction(id, member, at, "USD", channel, [new TransactionLine("item", category, 1, amount)]));

    /// <summary>
    /// What a careful host does, through the public API only: before each event, expire what is due for that member as
    /// of the event; at the start of each local month, expire what is due for every member; then process the event.
    /// </summary>
    public static Dictionary<string, MemberAccount> OneByOne(LoyaltyProgram program, IEnumerable<LedgerEvent> history, System.Func<string, MemberContext> members, Instant until)
    {
        var accounts = new Dictionary<string, MemberAccount>(System.StringComparer.Ordinal);
        Instant? nextMonth = null;
        foreach (var e in history)
        {
            nextMonth ??= MonthAfter(program, e.At);
            for (; nextMonth <= e.At; nextMonth = MonthAfter(program, nextMonth.Value))
            {
                foreach (var id in accounts.Keys.ToList())
                {
                    accounts[id] = program.Ledger.Expire(accounts[id], nextMonth.Value).Account;
                }
            }

            var account = accounts.TryGetValue(e.MemberId, out var known) ? known : MemberAccount.Open(e.MemberId);
            account = program.Ledger.Expire(account, e.At).Account;
            accounts[e.MemberId] = program.Ledger.Process(account, e, members(e.MemberId)).Account;
        }

        for (; nextMonth <= until; nextMonth = MonthAfter(program, nextMonth.Value))
        {
            foreach (var id in accounts.Keys.ToList())
            {
                accounts[id] = program.Ledger.Expire(accounts[id], nextMonth.Value).Account;
            }
        }

        return accounts;
    }

    private static Instant MonthAfter(LoyaltyProgram program, Instant at)
    {
        var date = at.InZone(program.TimeZone).Date;
        return new LocalDate(date.Year, date.Month, 1).PlusMonths(1).AtStartOfDayInZone(program.TimeZone).ToInstant();
    }
}
