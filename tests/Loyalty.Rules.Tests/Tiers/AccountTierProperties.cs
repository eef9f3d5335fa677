using System;
using System.Collections.Generic;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;

namespace Loyalty.Rules.Tests.Tiers;

/// <summary>One step of a member's history: a purchase, a full refund of an earlier one, a tier event, or due work.</summary>
public sealed record TierStep(string Kind, int Hours, int Amount, int Pick);

/// <summary>A ladder and a member's history in time order.</summary>
public sealed record TierHistory(TierLadder Ladder, TierStep[] Steps)
{
    public override string ToString() => $"{Ladder}{Environment.NewLine}" + string.Join(Environment.NewLine, Steps.Select((s, i) => $"{i}: {s}"));
}

public static class TierHistoryGenerators
{
    public static Arbitrary<TierHistory> Histories() =>
        (from window in Gen.Elements(Enum.GetValues<TierWindow>())
         from grace in Gen.Elements(0, 0, 30)
         from dropOne in Gen.Elements(false, true)
         from keep in Gen.Elements(false, true)
         from goldForLife in Gen.Elements(false, true)
         from count in Gen.Choose(1, 40)
         from steps in Step().ArrayOf(count)
         select new TierHistory(TierTests.Ladder(window, grace, dropOne, keep, goldForLife), steps)).ToArbitrary();

    private static Gen<TierStep> Step() =>
        from kind in Gen.Elements("purchase", "purchase", "purchase", "purchase", "refund", "expire", "paid", "paid-end", "override", "override-removed")
        from hours in Gen.Frequency((3, Gen.Choose(0, 24 * 20)), (1, Gen.Choose(0, 24 * 400)))
        from amount in Gen.Choose(1, 700)
        from pick in Gen.Choose(0, 1000)
        select new TierStep(kind, hours, amount, pick);
}

/// <summary>The tier the account keeps agrees with the pure decision over the history the host would have kept.</summary>
public class AccountTierProperties
{
    private static readonly string[] TierIds = ["Bronze", "Silver", "Gold"];

    [Property(MaxTest = 2_000, Arbitrary = [typeof(TierHistoryGenerators)])]
    public Property AccountTier_AgreesWithDecideTier_OverTheOutcomesQualifyingActivity(TierHistory history)
    {
        var program = TierTests.Program(history.Ladder);
        var member = new MemberContext("M1", enrolledOn: new LocalDate(2024, 1, 1));
        var status = new TierStatus { EnrolledOn = new LocalDate(2024, 1, 1) };
        var kept = new List<QualifyingActivity>();
        var purchases = new List<Transaction>();
        var account = MemberAccount.Open("M1");
        var at = Instant.FromUtc(2024, 1, 1, 17, 0);
        int step = 0;
        bool oneOffGiven = false; // a host's TierStatus holds one override: after a one-off move, replacing it would lose the move
        foreach (var s in history.Steps.Prepend(new TierStep("purchase", 0, 10, 0))) // due work before any event has no tier yet
        {
            at += Duration.FromHours(s.Hours) + Duration.FromMinutes(1);
            string id = $"E{step++}";
            string tier = TierIds[s.Pick % 3];
            LedgerOutcome outcome;
            switch (s.Kind)
            {
                case "purchase":
                    var purchase = new Transaction(id, "M1", at, "USD", "store", [new TransactionLine("SKU", "coffee", 1m, s.Amount)]);
                    purchases.Add(purchase);
                    outcome = program.Ledger.Process(account, new PurchaseEvent(purchase), member);
                    break;
                case "refund" when purchases.Count > 0:
                    var original = purchases[s.Pick % purchases.Count];
                    outcome = program.Ledger.Process(account, new RefundEvent(id, at, original, [new ReturnedLine(0, 1m)]), member);
                    break;
                case "paid":
                    var until = s.Amount % 2 == 0 ? (Instant?)null : at + Duration.FromDays(s.Amount);
                    outcome = program.Ledger.Process(account, new PaidTierEvent(id, "M1", at, tier, until), member);
                    status = status with { PaidTierId = tier, PaidFrom = at, PaidUntil = until };
                    break;
                case "paid-end":
                    outcome = program.Ledger.Process(account, PaidTierEvent.Ended(id, "M1", at), member);
                    status = status with { PaidTierId = null, PaidFrom = null, PaidUntil = null };
                    break;
                case "override" when !oneOffGiven:
                    var kind = (TierOverrideKind)(s.Amount % 3);
                    var end = kind == TierOverrideKind.FixedUntil || s.Amount % 2 == 0 ? at + Duration.FromDays(s.Amount) : (Instant?)null;
                    outcome = program.Ledger.Process(account, new TierOverrideEvent(id, "M1", at, tier, kind, end), member);
                    status = status with { Override = new TierOverride { TierId = tier, Kind = kind, SetAt = at, Until = end } };
                    oneOffGiven = kind == TierOverrideKind.OneOff;
                    break;
                case "override-removed" when !oneOffGiven:
                    outcome = program.Ledger.Process(account, TierOverrideEvent.Removal(id, "M1", at), member);
                    status = status with { Override = null };
                    break;
                default:
                    outcome = program.Ledger.Expire(account, at);
                    break;
            }

            if (outcome.Qualifying is { } q)
            {
                kept.Add(q);
            }

            account = MemberAccount.FromJson(outcome.Account.ToJson()); // what a host stores and loads back
            var pure = program.DecideTier(status, kept, at);
            if (outcome.Tier is not { } decided || !TierProperties.Same(decided, pure))
            {
                return false.Label($"step {step - 1} at {at}: account says {outcome.Tier?.TierId} since {outcome.Tier?.Since} until {outcome.Tier?.SecuredUntil} ({outcome.Tier?.Reason}); "
                    + $"history says {pure.TierId} since {pure.Since} until {pure.SecuredUntil} ({pure.Reason})");
            }
        }

        return true.ToProperty();
    }
}
