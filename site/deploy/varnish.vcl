# Varnish in front of the site's gunicorn (site/README.md "A caching proxy in front").
#
# Keeps only what the site marks public with s-maxage (the pages of anonymous visitors), never
# anything personal: requests with a session, CSRF or message cookie or an Authorization header go
# straight through, as do the admin and anything but GET and HEAD; answers that set a cookie or say
# private/no-store are not kept (Varnish's built-in rules). The site sends PURGE /, from the
# addresses in the purgers ACL, whenever a change commits: every object under that address (query
# strings included) is banned.
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
    # Only answers with an explicit lifetime are kept: not Varnish's default TTL for the rest.
    if (!beresp.http.Cache-Control && !beresp.http.Expires) {
        set beresp.ttl = 0s;
        set beresp.uncacheable = true;
        return (deliver);
    }
}

sub vcl_deliver {
    unset resp.http.x-cached-url;
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
}
