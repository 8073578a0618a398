using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.Json.Serialization.Metadata;
using Matching.Vocabulary;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Matching.Hosting.Http;

/// <summary>
/// What every service's OpenAPI document says beyond what the framework infers, so that it describes the requests the
/// service really takes (a client generated from it, or a proxy validating against it, accepts exactly the valid ones).
/// </summary>
public static class OpenApiDocuments
{
    /// <summary>
    /// Request bodies: a nullable member is optional unless marked <see cref="RequiredAttribute"/> (then it may not be
    /// null either); a <see cref="LocationInput"/> is one of its two shapes. Operations open to anyone say so; server
    /// addresses carry no trailing slash.
    /// </summary>
    public static OpenApiOptions AddHouseConventions(this OpenApiOptions options)
    {
        options.AddSchemaTransformer<RequestSchemas>();
        options.AddOperationTransformer((operation, context, _) =>
        {
            // An empty requirement: no token needed. Without one, "no security" cannot be told from "not described".
            if (context.Description.ActionDescriptor.EndpointMetadata.OfType<IAllowAnonymous>().Any())
                operation.Security = [new OpenApiSecurityRequirement()];
            return Task.CompletedTask;
        });
        // Results<Ok<A>, Ok<B>> answers one or the other; the framework would describe only one of them.
        options.AddOperationTransformer(async (operation, context, cancellationToken) =>
        {
            var answers = context.Description.ActionDescriptor.EndpointMetadata.OfType<IProducesResponseTypeMetadata>()
                .Where(answer => answer.Type is not null && answer.Type != typeof(void))
                .GroupBy(answer => answer.StatusCode)
                .Where(same => same.Select(answer => answer.Type).Distinct().Count() > 1);
            foreach (var either in answers)
            {
                if (operation.Responses?.GetValueOrDefault(either.Key.ToString(CultureInfo.InvariantCulture)) is not { Content: { } content }) continue;
                var schemas = new List<IOpenApiSchema>();
                foreach (var type in either.Select(answer => answer.Type!).Distinct())
                    schemas.Add(await context.GetOrCreateSchemaAsync(type, cancellationToken: cancellationToken));
                // anyOf, not oneOf: an empty list is either.
                foreach (var media in content.Values) media.Schema = new OpenApiSchema { AnyOf = schemas };
            }
        });
        options.AddDocumentTransformer((document, context, _) =>
        {
            foreach (var server in document.Servers ?? []) server.Url = server.Url?.TrimEnd('/');
            RequestSchemas.RemoveNullFromRequiredReferences(document);
            var described = context.DescriptionGroups
                .SelectMany(group => group.Items)
                .SelectMany(endpoint => endpoint.ActionDescriptor.EndpointMetadata.OfType<TagDescription>())
                .DistinctBy(tag => tag.Name)
                .ToDictionary(tag => tag.Name, tag => tag.Description);
            foreach (var tag in document.Tags ?? new HashSet<OpenApiTag>())
                if (tag.Description is null && tag.Name is not null && described.TryGetValue(tag.Name, out var description)) tag.Description = description;
            return Task.CompletedTask;
        });
        return options;
    }

    /// <summary>Tags the endpoints with <paramref name="name"/>, a tag the document describes as <paramref name="description"/>.</summary>
    public static TBuilder WithTag<TBuilder>(this TBuilder builder, string name, string description) where TBuilder : IEndpointConventionBuilder =>
        builder.WithTags(name).WithMetadata(new TagDescription(name, description));
}

/// <summary>What a tag of the OpenAPI document stands for (see <see cref="OpenApiDocuments.WithTag{TBuilder}"/>).</summary>
public sealed record TagDescription(string Name, string Description);

/// <summary>
/// Request bodies have every member nullable so that the service can name a missing field itself (see
/// <see cref="Problems"/>); the framework would list them all as required. Here only those marked
/// <see cref="RequiredAttribute"/> are, and those without null.
/// </summary>
internal sealed class RequestSchemas : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = context.JsonTypeInfo;
        if (context.JsonPropertyInfo is { } member && IsRequestType(member.DeclaringType) && IsRequired(member))
            RemoveNull(schema);
        if (type.Type == typeof(LocationInput)) DescribeLocation(schema);
        else if (type.Kind == JsonTypeInfoKind.Object && schema.Properties is not null && IsRequestType(type.Type))
        {
            schema.Required ??= new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in type.Properties)
            {
                if (!MayBeNull(property)) continue;
                if (IsRequired(property)) schema.Required.Add(property.Name);
                else schema.Required.Remove(property.Name);
            }
        }

        return Task.CompletedTask;
    }

    // The house's request types are named so (docs/architecture.md): <Verb><Noun>Request, and their parts <Noun>Input.
    private static bool IsRequestType(Type type) => IsRequestType(type.Name);

    private static bool IsRequestType(string name) => name.EndsWith("Request", StringComparison.Ordinal) || name.EndsWith("Input", StringComparison.Ordinal);

    private static bool MayBeNull(JsonPropertyInfo property) =>
        Nullable.GetUnderlyingType(property.PropertyType) is not null || (!property.PropertyType.IsValueType && property.IsSetNullable);

    private static bool IsRequired(JsonPropertyInfo property) =>
        property.AttributeProvider?.IsDefined(typeof(RequiredAttribute), inherit: true) == true;

    /// <summary>A required member's schema without null: the service refuses a null as it refuses a missing member.</summary>
    private static void RemoveNull(OpenApiSchema schema)
    {
        if (schema.Type is { } type) schema.Type = type & ~JsonSchemaType.Null;
    }

    /// <summary>
    /// A required member that refers to another schema: the framework makes it <c>oneOf [null, $ref]</c> once every schema is
    /// done, so the null comes off only in the finished document.
    /// </summary>
    public static void RemoveNullFromRequiredReferences(OpenApiDocument document)
    {
        foreach (var (name, component) in document.Components?.Schemas ?? new Dictionary<string, IOpenApiSchema>())
        {
            if (!IsRequestType(name) || component is not OpenApiSchema { Properties: { } properties, Required: { } required }) continue;
            foreach (var member in required)
            {
                if (properties.TryGetValue(member, out var schema) && schema is OpenApiSchema { OneOf: [OpenApiSchema { Type: JsonSchemaType.Null }, var other] })
                    properties[member] = other;
            }
        }
    }

    /// <summary>Coordinates, or a place the gazetteer knows, each optionally with postal code and address (see <see cref="Problems.Location"/>).</summary>
    private static void DescribeLocation(OpenApiSchema schema)
    {
        schema.Type = JsonSchemaType.Object;
        schema.Required = null;
        schema.Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["postalCode"] = OptionalText(),
            ["address"] = OptionalText(),
        };
        schema.Description = "Where: a place the gazetteer knows (`{\"place\": \"Hochfeld\"}`), or coordinates (`{\"lat\": 51.42, \"lon\": 6.75}`), " +
                             "either optionally with `postalCode` and `address`. Beside coordinates, `place` only names them.";
        // The shapes differ in lat and lon: absent (or null) beside a place, numbers as coordinates.
        schema.OneOf =
        [
            new OpenApiSchema
            {
                Title = "place",
                Required = new HashSet<string> { "place" },
                Properties = new Dictionary<string, IOpenApiSchema>
                {
                    ["place"] = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, Description = "A German place name, e.g. `Hochfeld` or `Duisburg-Hochfeld`." },
                    ["lat"] = new OpenApiSchema { Type = JsonSchemaType.Null },
                    ["lon"] = new OpenApiSchema { Type = JsonSchemaType.Null },
                },
            },
            new OpenApiSchema
            {
                Title = "coordinates",
                Required = new HashSet<string> { "lat", "lon" },
                Properties = new Dictionary<string, IOpenApiSchema>
                {
                    ["lat"] = new OpenApiSchema { Type = JsonSchemaType.Number, Minimum = "-90", Maximum = "90" },
                    ["lon"] = new OpenApiSchema { Type = JsonSchemaType.Number, Minimum = "-180", Maximum = "180" },
                    ["place"] = OptionalText(),
                },
            },
        ];
    }

    private static OpenApiSchema OptionalText() => new() { Type = JsonSchemaType.String | JsonSchemaType.Null };
}
