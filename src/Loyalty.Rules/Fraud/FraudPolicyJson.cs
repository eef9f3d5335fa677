using System;
using System.Collections.Immutable;
using System.Linq;
using System.Text.Json;

namespace Loyalty.Rules;

// The JSON form of the fraud policy and its checks.
internal sealed partial class ProgramJsonReader
{
    private FraudPolicy Fraud(JsonObjectReader o)
    {
        HoldReview? review = null;
        if (o.Object("review", "a hold review") is { } r)
        {
            review = new HoldReview(r.Int("days", required: true) ?? 0, r.Enum<HoldResolution>("atDeadline", required: true) ?? HoldResolution.Void);
            r.Done();
        }

        var checks = o.Array("checks").Select(c => Check(c.Element, c.Path)).ToImmutableArray();
        o.Done();
        return new FraudPolicy { Checks = checks, Review = review };
    }

    private FraudCheck Check(JsonElement element, string path)
    {
        var o = Obj(element, path, "a fraud check");
        if (o is null)
        {
            return new DuplicateTransaction { Id = $"\u0001{path}" };
        }

        string? kind = o.String("kind", required: true);
        FraudCheck check;
        switch (kind)
        {
            case "pointsCeiling":
                check = new PointsCeiling(o.Long("maxPoints", required: true) ?? 0);
                break;
            case "spendCeiling":
                check = new SpendCeiling(o.Decimal("maxSpend", required: true) ?? 0m);
                break;
            case "velocity":
                check = new Velocity(o.Duration("window", required: true) ?? NodaTime.Duration.FromHours(1)) { MaxPurchases = o.Int("maxPurchases"), MaxPoints = o.Long("maxPoints") };
                break;
            case "redemptionVelocity":
                check = new RedemptionVelocity(o.Duration("window", required: true) ?? NodaTime.Duration.FromHours(1), o.Int("maxRedemptions", required: true) ?? 0);
                break;
            case "newMemberEarning":
                check = new NewMemberEarning(o.Int("days", required: true) ?? 0, o.Long("maxPoints", required: true) ?? 0);
                break;
            case "duplicateTransaction":
                check = new DuplicateTransaction();
                break;
            case "selfReferral":
                var actions = new SelfReferral().Actions;
                if (o.Object("actions", "actions per fingerprint kind") is { } a)
                {
                    actions = actions.Clear();
                    foreach (var property in a.Element.EnumerateObject())
                    {
                        a.Known(property.Name);
                        var fingerprint = Lookup<FingerprintKind>(property.Name, $"{a.Path}.{property.Name}", "fingerprint kind");
                        var action = property.Value.ValueKind == JsonValueKind.String
                            ? Lookup<FraudAction>(property.Value.GetString()!, $"{a.Path}.{property.Name}", "fraud action")
                            : Wrong<FraudAction>($"{a.Path}.{property.Name}", "a fraud action (\"hold\" or \"reject\")", property.Value);
                        if (fingerprint is { } f && action is { } act)
                        {
                            actions = actions.SetItem(f, act);
                        }
                    }
                }

                check = new SelfReferral { Actions = actions };
                break;
            case "referralFingerprintVelocity":
                check = new ReferralFingerprintVelocity(o.Int("maxReferrals", required: true) ?? 0);
                break;
            default:
                if (kind is not null)
                {
                    Fail(path + ".kind", $"'{kind}' is not a fraud check kind; the kinds are {string.Join(", ", ProgramJson.FraudKinds.Keys.Order(StringComparer.Ordinal))}.");
                }

                o.SkipRest();
                return new DuplicateTransaction { Id = o.String("id") ?? $"\u0001{path}" };
        }

        check = check with { Id = o.String("id") ?? check.Id, Action = o.Enum<FraudAction>("action") ?? check.Action };
        o.Done();
        return check;
    }
}

internal static partial class ProgramJsonWriter
{
    private static void Fraud(Utf8JsonWriter w, FraudPolicy fraud)
    {
        w.WriteStartObject("fraud");
        if (fraud.Review is { } review)
        {
            w.WriteStartObject("review");
            w.WriteNumber("days", review.Days);
            w.WriteString("atDeadline", ProgramJson.Name(review.AtDeadline));
            w.WriteEndObject();
        }

        w.WriteStartArray("checks");
        foreach (var check in fraud.Checks)
        {
            w.WriteStartObject();
            w.WriteString("kind", ProgramJson.KindOf(check));
            w.WriteString("id", check.Id);
            w.WriteString("action", ProgramJson.Name(check.Action));
            switch (check)
            {
                case PointsCeiling c:
                    w.WriteNumber("maxPoints", c.MaxPoints.Value);
                    break;
                case SpendCeiling c:
                    w.WriteNumber("maxSpend", c.MaxSpend);
                    break;
                case Velocity c:
                    w.WriteString("window", Duration(c.Window));
                    if (c.MaxPurchases is { } purchases)
                    {
                        w.WriteNumber("maxPurchases", purchases);
                    }

                    if (c.MaxPoints is { } points)
                    {
                        w.WriteNumber("maxPoints", points.Value);
                    }

                    break;
                case RedemptionVelocity c:
                    w.WriteString("window", Duration(c.Window));
                    w.WriteNumber("maxRedemptions", c.MaxRedemptions);
                    break;
                case NewMemberEarning c:
                    w.WriteNumber("days", c.Days);
                    w.WriteNumber("maxPoints", c.MaxPoints.Value);
                    break;
                case SelfReferral c:
                    w.WriteStartObject("actions");
                    foreach (var (kind, action) in c.Actions.OrderBy(a => a.Key))
                    {
                        w.WriteString(ProgramJson.Name(kind), ProgramJson.Name(action));
                    }

                    w.WriteEndObject();
                    break;
                case ReferralFingerprintVelocity c:
                    w.WriteNumber("maxReferrals", c.MaxReferrals);
                    break;
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }
}
