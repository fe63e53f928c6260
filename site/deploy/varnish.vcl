# Varnish in front of the site's gunicorn (site/README.md "A caching proxy in front").
#
# Keeps only what the site marks public with s-maxage (the pages of anonymous visitors), never
# anything personal: requests with a session, CSRF or message cookie or an Authorization header go
# straight through, as do the admin and anything but GET and HEAD; answers that set a cookie or say
# private/no-store are not kept (Varnish's built-in rules). The site sends PURGE /, from the
# addresses in the purgers ACL, whenever a change commits: every object under that address (query
# strings included) is banned. When one coach changes, it sends instead a PURGE of the coach's
# profile and a PURGE /?cascading-purge=shared: every object but the pages that show only
# themselves (the site marks them X-Cache-Scope: page) is banned, and the other profiles are kept.
vcl 4.1;

backend default {
    .host = "127.0.0.1";
    .port = "8000";
}

acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(405, "Not allowed"));
        }
        if (req.url == "/?cascading-purge=shared") {
            ban("obj.http.x-cached-scope != page");
            return (synth(200, "Banned"));
        }
        # Regex-quoted: a page's address is letters, digits, "-", "_" and "/" only.
        ban("obj.http.x-cached-url ~ ^" + req.url);
        return (synth(200, "Banned"));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.url ~ "^/(admin|django-admin)/" || req.http.Authorization) {
        return (pass);
    }
    if (req.http.Cookie ~ "(^|;\s*)(sessionid|csrftoken|messages)=") {
        return (pass);
    }
    # Any other cookie (analytics, consent) changes nothing the site answers.
    unset req.http.Cookie;
    return (hash);
}

sub vcl_backend_response {
    # Remembered for bans (lurker-friendly: only obj.http in the expression).
    set beresp.http.x-cached-url = bereq.url;
    if (beresp.http.X-Cache-Scope == "page") {
        set beresp.http.x-cached-scope = "page";
    } else {
        set beresp.http.x-cached-scope = "shared";
    }
    unset beresp.http.X-Cache-Scope;
    # Only answers with an explicit lifetime are kept: not Varnish's default TTL for the rest.
    if (!beresp.http.Cache-Control && !beresp.http.Expires) {
        set beresp.ttl = 0s;
        set beresp.uncacheable = true;
        return (deliver);
    }
}

sub vcl_deliver {
    unset resp.http.x-cached-url;
    unset resp.http.x-cached-scope;
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
}
