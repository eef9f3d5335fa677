using System.Buffers;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using NodaTime;
using NodaTime.Text;

namespace Loyalty.Rules;

/// <summary>
/// Writes a program as canonical JSON (format <see cref="ProgramJson.SchemaVersion"/>): every property in a fixed order,
/// defaults written out, dictionaries sorted by key, decimals with the scale they have, two-space indentation. No
/// reflection: the writer walks the program by hand, so trimming and AOT keep working.
/// </summary>
internal static partial class ProgramJsonWriter
{
    public static byte[] Write(LoyaltyProgram program)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, IndentSize = 2, NewLine = "\n" }))
        {
            w.WriteStartObject();
            w.WriteNumber("schemaVersion", ProgramJson.SchemaVersion);
            w.WriteString("id", program.Id);
            w.WriteNumber("version", program.Version);
            if (program.EffectiveFrom is { } from)
            {
                w.WriteString("effectiveFrom", InstantPattern.ExtendedIso.Format(from));
            }

            w.WriteString("currency", program.Currency);
            w.WriteString("timeZone", program.TimeZone.Id);
            Strings(w, "tiers", program.Tiers);
            EarningBase(w, program.EarningBase);
            w.WriteStartObject("rounding");
            w.WriteString("mode", ProgramJson.Name(program.Rounding.Mode));
            w.WriteString("scope", ProgramJson.Name(program.Rounding.Scope));
            w.WriteBoolean("carryFraction", program.Rounding.CarryFraction);
            w.WriteEndObject();
            w.WriteStartArray("earn");
            foreach (var policy in program.Earn)
            {
                Earn(w, policy);
            }

            w.WriteEndArray();
            w.WriteStartArray("activities");
            foreach (var activity in program.Activities)
            {
                Activity(w, activity);
            }

            w.WriteEndArray();
            w.WritePropertyName("lots");
            Lots(w, program.Lots);
            w.WriteStartObject("ruleLots");
            foreach (var (ruleId, lots) in program.RuleLots.OrderBy(r => r.Key, System.StringComparer.Ordinal))
            {
                w.WritePropertyName(ruleId);
                Lots(w, lots);
            }

            w.WriteEndObject();
            w.WriteStartObject("redemption");
            w.WriteNumber("minimum", program.Redemption.Minimum.Value);
            w.WriteNumber("increment", program.Redemption.Increment.Value);
            w.WriteNumber("pointsPerCurrencyUnit", program.Redemption.PointsPerCurrencyUnit);
            Strings(w, "causes", program.Redemption.Causes);
            w.WriteEndObject();
            w.WriteStartObject("ledger");
            w.WriteString("shortfall", ProgramJson.Name(program.LedgerPolicy.Shortfall));
            w.WriteString("retention", Period(program.LedgerPolicy.Retention));
            w.WriteString("refundWindow", Period(program.LedgerPolicy.RefundWindow));
            w.WriteEndObject();
            if (program.SpendReward is { } reward)
            {
                w.WriteStartObject("spendReward");
                w.WriteNumber("step", reward.Step);
                w.WriteNumber("rewardValue", reward.RewardValue);
                w.WriteString("name", reward.Name);
                if (reward.ValidForDays is { } days)
                {
                    w.WriteNumber("validForDays", days);
                }

                w.WriteEndObject();
            }

            Rewards(w, program);
            Reminders(w, program.Reminders);
            Games(w, program);
            Transfers(w, program);

            w.WriteStartObject("lifecycle");
            w.WriteNumber("newForDays", program.Lifecycle.NewForDays);
            w.WriteNumber("atRiskAfterDays", program.Lifecycle.AtRiskAfterDays);
            w.WriteNumber("dormantAfterDays", program.Lifecycle.DormantAfterDays);
            w.WriteNumber("reactivatedForDays", program.Lifecycle.ReactivatedForDays);
            w.WriteEndObject();
            if (program.Dividend is { } dividend)
            {
                w.WriteStartObject("dividend");
                w.WriteString("period", ProgramJson.Name(dividend.Period));
                w.WriteNumber("share", dividend.Share);
                if (dividend.PaidIn != DividendPayment.Points)
                {
                    w.WriteString("paidIn", ProgramJson.Name(dividend.PaidIn));
                }

                Strings(w, "tiers", dividend.Tiers.IsDefault ? [] : dividend.Tiers, skipEmpty: true);
                w.WriteEndObject();
            }

            if (program.TierLadder is { } ladder)
            {
                Ladder(w, ladder);
            }

            if (program.ReferralPolicy is { } referral)
            {
                Referral(w, referral);
            }

            Fraud(w, program.Fraud);
            if (program.LintPolicy.MaxStackedMultiplier is { } ceiling)
            {
                w.WriteStartObject("lint");
                w.WriteNumber("maxStackedMultiplier", ceiling);
                w.WriteEndObject();
            }

            w.WriteEndObject();
        }

        buffer.Write("\n"u8); // a text file ends with a new line
        return buffer.WrittenSpan.ToArray();
    }

    private static void EarningBase(Utf8JsonWriter w, EarningBase value)
    {
        w.WriteStartObject("earningBase");
        Strings(w, "excludedCategories", value.ExcludedCategories);
        Strings(w, "excludedSkus", value.ExcludedSkus);
        w.WriteBoolean("includeTax", value.IncludeTax);
        w.WriteBoolean("includeShipping", value.IncludeShipping);
        w.WriteEndObject();
    }

    internal static void Earn(Utf8JsonWriter w, EarnPolicy policy)
    {
        w.WriteStartObject();
        var kind = EarnKinds.Of(policy);
        w.WriteString("kind", kind.Name);
        w.WriteString("id", policy.Id);
        if (policy.Description is not null)
        {
            w.WriteString("description", policy.Description);
        }

        if (policy.Priority != 0)
        {
            w.WriteNumber("priority", policy.Priority);
        }

        if (policy.Stackable)
        {
            w.WriteBoolean("stackable", true);
        }

        if (policy.FundedBy is not null)
        {
            w.WriteString("fundedBy", policy.FundedBy);
        }

        if (policy.When is { } when)
        {
            Condition(w, when);
        }

        kind.Write(w, policy);
        w.WriteEndObject();
    }

    internal static void LineScope(Utf8JsonWriter w, LineScopedPolicy policy)
    {
        Strings(w, "categories", policy.Categories);
        Strings(w, "skus", policy.Skus);
    }

    internal static void Strings(Utf8JsonWriter w, string name, IEnumerable<string> values, bool skipEmpty = false)
    {
        var list = values.ToList();
        if (skipEmpty && list.Count == 0)
        {
            return;
        }

        w.WriteStartArray(name);
        foreach (var value in list)
        {
            w.WriteStringValue(value);
        }

        w.WriteEndArray();
    }

    internal static void Decimals(Utf8JsonWriter w, string name, IReadOnlyDictionary<string, decimal> values)
    {
        w.WriteStartObject(name);
        foreach (var (key, value) in values.OrderBy(v => v.Key, System.StringComparer.Ordinal))
        {
            w.WriteNumber(key, value);
        }

        w.WriteEndObject();
    }

    private static string Period(Period period) => PeriodPattern.Roundtrip.Format(period);

    private static string Duration(Duration duration) => PeriodPattern.Roundtrip.Format(NodaTime.Period.FromTicks(duration.BclCompatibleTicks).Normalize());
}
