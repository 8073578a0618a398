using System.Net;
using Employers.Api.Agreements;
using Employers.Api.Openings;

namespace Employers.Tests;

/// <summary>An employer's openings and agreements come in pages: page 1 first, 50 to a page unless asked for 1 to 100.</summary>
public sealed class ListingInPages(EmployersApi api) : IClassFixture<EmployersApi>
{
    [Fact]
    public async Task An_employers_openings_should_come_in_pages_of_the_size_asked_for_with_the_total_count()
    {
        var employer = "employer-" + Guid.NewGuid().ToString("N");
        var posted = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            var opening = Requests.Opening(employer).With("startsOn", $"\"2027-08-1{i}\"");
            posted.Add((await api.ReadAsync<OpeningResponse>(await api.PostAsync("/openings", opening))).Id);
        }

        var (pages, first) = await PagesAsync<OpeningResponse>(employer, $"/openings?employerId={employer}", opening => opening.Id);

        var ids = posted.ToArray();
        Assert.Equal([ids[0..2], ids[2..4], ids[4..], []], pages);
        Assert.Equal(["5"], first.Headers.GetValues("X-Total-Count"));
        Assert.Contains($"</openings?employerId={employer}&page=2&pageSize=2>; rel=\"next\"", first.Headers.GetValues("Link").Single());
    }

    [Fact]
    public async Task An_employers_agreements_should_come_in_pages_of_the_size_asked_for_with_the_total_count()
    {
        var employer = "employer-" + Guid.NewGuid().ToString("N");
        var signed = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            var agreement = Requests.Agreement(employer).With("validFrom", $"\"2027-01-1{i}\"");
            signed.Add((await api.ReadAsync<AgreementResponse>(await api.PostAsync("/agreements", agreement))).Id);
        }

        var (pages, first) = await PagesAsync<AgreementResponse>(employer, $"/agreements?employerId={employer}", agreement => agreement.Id);

        var ids = signed.ToArray();
        Assert.Equal([ids[0..2], ids[2..4], ids[4..], []], pages);
        Assert.Equal(["5"], first.Headers.GetValues("X-Total-Count"));
    }

    [Theory]
    [InlineData("/openings")]
    [InlineData("/agreements")]
    public async Task Without_paging_the_first_fifty_should_be_shown(string path)
    {
        var employer = "employer-" + Guid.NewGuid().ToString("N");
        for (var i = 0; i < 51; i++)
            await api.PostAsync(path, path == "/openings" ? Requests.Opening(employer) : Requests.Agreement(employer));

        var firstPage = await api.GetJsonArrayAsync($"{path}?employerId={employer}");
        var secondPage = await api.GetJsonArrayAsync($"{path}?employerId={employer}&page=2");

        Assert.Equal((50, 1), (firstPage.Count, secondPage.Count));
    }

    [Theory]
    [InlineData("/openings", "page=0", "page")]
    [InlineData("/openings", "page=x", "page")]
    [InlineData("/openings", "pageSize=0", "pageSize")]
    [InlineData("/openings", "pageSize=101", "pageSize")]
    [InlineData("/agreements", "page=-1", "page")]
    [InlineData("/agreements", "pageSize=1000", "pageSize")]
    public async Task A_page_out_of_range_should_be_refused_naming_the_field(string path, string query, string field)
    {
        var response = await api.AsEmployer().GetAsync($"{path}?employerId=rhein-logistik&{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal([field], await api.ErrorFieldsAsync(response));
    }

    /// <summary>Pages 1 to 4 of two each, as the employer sees them: the ids on each, and the answer of page 1.</summary>
    private async Task<(List<Guid[]> Pages, HttpResponseMessage First)> PagesAsync<T>(string employer, string path, Func<T, Guid> id)
    {
        var pages = new List<Guid[]>();
        HttpResponseMessage? first = null;
        for (var page = 1; page <= 4; page++)
        {
            var response = await api.AsEmployer(employer).GetAsync($"{path}&page={page}&pageSize=2");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            first ??= response;
            pages.Add((await api.ReadAsync<T[]>(response)).Select(id).ToArray());
        }

        return (pages, first!);
    }
}
