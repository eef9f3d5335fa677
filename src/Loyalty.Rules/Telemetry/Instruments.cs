using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Reflection;

namespace Loyalty.Rules;

/// <summary>The meter, its counters and the activity source (see <see cref="LoyaltyTelemetry"/> for the names); free when nobody listens.</summary>
internal static class Instruments
{
    private static readonly string? Version = typeof(Instruments).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;

    private static readonly Meter Meter = new(LoyaltyTelemetry.Name, Version);

    public static readonly ActivitySource Source = new(LoyaltyTelemetry.Name, Version);

    public static readonly Counter<long> Events = Meter.CreateCounter<long>(LoyaltyTelemetry.EventsProcessed, "{event}", "Ledger events and due work processed, by kind and status.");

    public static readonly Counter<long> Accrued = Meter.CreateCounter<long>(LoyaltyTelemetry.PointsAccrued, "{point}", "Points earned into lots.");

    public static readonly Counter<long> Redeemed = Meter.CreateCounter<long>(LoyaltyTelemetry.PointsRedeemed, "{point}", "Points redeemed (donations included).");

    public static readonly Counter<long> Expired = Meter.CreateCounter<long>(LoyaltyTelemetry.PointsExpired, "{point}", "Points expired.");

    public static readonly Counter<long> Holds = Meter.CreateCounter<long>(LoyaltyTelemetry.Holds, "{hold}", "Fraud holds placed, released and voided.");

    public static readonly Counter<long> Claims = Meter.CreateCounter<long>(LoyaltyTelemetry.BudgetClaims, "{claim}", "Campaign budget claims in applied outcomes, by decision.");

    public static readonly Counter<long> Evaluations = Meter.CreateCounter<long>(LoyaltyTelemetry.Evaluations, "{evaluation}", "Purchases evaluated.");

    /// <summary>Counts an evaluation (one check when nobody listens).</summary>
    public static void Evaluated(string programId, int count = 1)
    {
        if (Evaluations.Enabled)
        {
            Evaluations.Add(count, new KeyValuePair<string, object?>(LoyaltyTelemetry.ProgramTag, programId));
        }
    }

    /// <summary>Starts the activity of one ledger call, or null when nobody listens.</summary>
    public static Activity? StartProcess(string programId, string kind, string eventId)
    {
        var activity = Source.StartActivity(LoyaltyTelemetry.ProcessActivity);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(LoyaltyTelemetry.ProgramTag, programId);
            activity.SetTag(LoyaltyTelemetry.KindTag, kind);
            activity.SetTag(LoyaltyTelemetry.EventIdTag, eventId);
        }

        return activity;
    }

    /// <summary>Ends the activity of a call that threw (an exception filter: returns false, so the exception goes on unchanged).</summary>
    public static bool Failed(Activity? activity, Exception exception)
    {
        if (activity is not null)
        {
            activity.SetStatus(ActivityStatusCode.Error, exception.Message);
            activity.Dispose();
        }

        return false;
    }

    /// <summary>Whether a listener counts points or holds: those counts are read from the outcome's entries and accrual.</summary>
    public static bool ReadsEntries => Accrued.Enabled || Redeemed.Enabled || Expired.Enabled || Holds.Enabled || Claims.Enabled;

    /// <summary>Records one ledger outcome in the counters and ends its activity.</summary>
    public static LedgerOutcome Processed(Activity? activity, string programId, string kind, LedgerOutcome outcome)
    {
        string status = Name(outcome.Status);
        if (activity is not null)
        {
            activity.SetTag(LoyaltyTelemetry.StatusTag, status);
            activity.Dispose();
        }

        var program = new KeyValuePair<string, object?>(LoyaltyTelemetry.ProgramTag, programId);
        if (Events.Enabled)
        {
            Events.Add(1, program, new(LoyaltyTelemetry.KindTag, kind), new(LoyaltyTelemetry.StatusTag, status));
        }

        if (!ReadsEntries)
        {
            return outcome;
        }

        long accrued = 0, redeemed = 0, expired = 0;
        foreach (var entry in outcome.Entries)
        {
            switch (entry.Kind)
            {
                case LedgerEntryKind.Accrued:
                    accrued += entry.Points.Value;
                    break;
                case LedgerEntryKind.Redeemed or LedgerEntryKind.Donated:
                    redeemed += entry.Points.Value;
                    break;
                case LedgerEntryKind.Expired:
                    expired += entry.Points.Value;
                    break;
                case LedgerEntryKind.Held:
                    Holds.Add(1, program, new(LoyaltyTelemetry.HoldTag, "placed"));
                    break;
                case LedgerEntryKind.Released:
                    Holds.Add(1, program, new(LoyaltyTelemetry.HoldTag, "released"));
                    break;
                case LedgerEntryKind.Voided:
                    Holds.Add(1, program, new(LoyaltyTelemetry.HoldTag, "voided"));
                    break;
            }
        }

        Add(Accrued, accrued, program);
        Add(Redeemed, redeemed, program);
        Add(Expired, expired, program);
        if (outcome.Status is LedgerStatus.Applied or LedgerStatus.Held && outcome.Accrual is { } accrual)
        {
            foreach (var claim in accrual.Claims)
            {
                Claims.Add(1, program, new(LoyaltyTelemetry.ClaimTag, Name(claim.Status)));
            }
        }

        return outcome;
    }

    private static void Add(Counter<long> counter, long points, KeyValuePair<string, object?> program)
    {
        if (points != 0)
        {
            counter.Add(points, program);
        }
    }

    public static string Name(LedgerEventKind kind) => kind switch
    {
        LedgerEventKind.Purchase => "purchase",
        LedgerEventKind.Activity => "activity",
        LedgerEventKind.Refund => "refund",
        LedgerEventKind.Redemption => "redemption",
        LedgerEventKind.RedemptionCancellation => "redemption_cancellation",
        LedgerEventKind.Adjustment => "adjustment",
        LedgerEventKind.HoldReview => "hold_review",
        LedgerEventKind.ReferralAward => "referral_award",
        LedgerEventKind.TierOverride => "tier_override",
        LedgerEventKind.PaidTier => "paid_tier",
        LedgerEventKind.RewardRedemption => "reward_redemption",
        LedgerEventKind.VoucherUse => "voucher_use",
        LedgerEventKind.ChallengeEnrolment => "challenge_enrolment",
        LedgerEventKind.TransferOut => "transfer_out",
        LedgerEventKind.TransferIn => "transfer_in",
        LedgerEventKind.TransferReversal => "transfer_reversal",
        LedgerEventKind.HouseholdMembership => "household_membership",
        LedgerEventKind.AccountClosure => "account_closure",
        LedgerEventKind.AccountMerge => "account_merge",
        _ => "other",
    };

    private static string Name(LedgerStatus status) => status switch
    {
        LedgerStatus.Applied => "applied",
        LedgerStatus.Duplicate => "duplicate",
        LedgerStatus.Rejected => "rejected",
        LedgerStatus.Held => "held",
        LedgerStatus.AwaitingBudget => "awaiting_budget",
        _ => "other",
    };

    private static string Name(BudgetClaimStatus status) => status switch
    {
        BudgetClaimStatus.Granted => "granted",
        BudgetClaimStatus.Partial => "partial",
        BudgetClaimStatus.Refused => "refused",
        _ => "pending",
    };
}
