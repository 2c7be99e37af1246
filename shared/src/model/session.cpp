// SessionContext: what the web widget knows about the visit (page, campaign, cart, pages seen),
// so an agent never has to ask "which page were you on?".
#include "parley/model.h"
#include "read.h"

#include <cmath>

namespace parley::model {
namespace {
double non_negative(const Json& v, std::string_view key, const std::string& path) {
  double d = optional_number(v, key, 0, path);
  if (!std::isfinite(d) || d < 0) throw Error("invalid_value", read::at(path, key) + " must not be negative", read::at(path, key));
  return d;
}
}  // namespace

SessionContext parse_session(const Json& v, const std::string& path) {
  require_object(v, path);
  read::only_keys(v, path, {"page_url", "referrer", "utm", "locale", "timezone", "cart", "pages_seen"});
  SessionContext s;
  s.raw = v;
  s.page_url = read::url(v, "page_url", path);
  s.referrer = read::url(v, "referrer", path);
  s.locale = read::text(v, "locale", path);
  s.timezone = read::text(v, "timezone", path);
  if (const Json* utm = optional(v, "utm", Json::value_t::object, path)) {
    std::string p = read::at(path, "utm");
    read::only_keys(*utm, p, {"source", "medium", "campaign", "term", "content"});
    s.utm_source = read::text(*utm, "source", p);
    s.utm_medium = read::text(*utm, "medium", p);
    s.utm_campaign = read::text(*utm, "campaign", p);
    s.utm_term = read::text(*utm, "term", p);
    s.utm_content = read::text(*utm, "content", p);
  }
  if (const Json* cart = optional(v, "cart", Json::value_t::object, path)) {
    std::string p = read::at(path, "cart");
    read::only_keys(*cart, p, {"currency", "total", "items"});
    s.cart_currency = read::text(*cart, "currency", p);
    if (!s.cart_currency.empty() && s.cart_currency.size() != 3)
      throw Error("invalid_value", read::at(p, "currency") + " must be an ISO 4217 code like \"EUR\"", read::at(p, "currency"));
    s.cart_total = non_negative(*cart, "total", p);
    if (const Json* items = optional(*cart, "items", Json::value_t::array, p)) {
      for (std::size_t i = 0; i < items->size(); ++i) {
        std::string ip = read::at(read::at(p, "items"), i);
        const Json& it = (*items)[i];
        require_object(it, ip);
        read::only_keys(it, ip, {"sku", "name", "quantity", "price"});
        CartItem item;
        item.sku = read::text(it, "sku", ip);
        item.name = read::text(it, "name", ip);
        if (item.sku.empty() && item.name.empty())
          throw Error("missing_field", read::at(ip, "sku") + " or " + read::at(ip, "name") + " is required", read::at(ip, "sku"));
        item.quantity = non_negative(it, "quantity", ip);
        item.price = non_negative(it, "price", ip);
        s.cart_items.push_back(item);
      }
    }
  }
  if (const Json* pages = optional(v, "pages_seen", Json::value_t::array, path)) {
    for (std::size_t i = 0; i < pages->size(); ++i) {
      std::string pp = read::at(read::at(path, "pages_seen"), i);
      const Json& pg = (*pages)[i];
      require_object(pg, pp);
      read::only_keys(pg, pp, {"url", "title", "at"});
      PageView view;
      view.url = read::url(pg, "url", pp);
      if (view.url.empty()) throw Error("missing_field", read::at(pp, "url") + " is required", read::at(pp, "url"));
      view.title = read::text(pg, "title", pp);
      view.at = require_time(pg, "at", pp);
      s.pages_seen.push_back(view);
    }
  }
  return s;
}

Json to_json(const SessionContext& s) {
  Json items = Json::array();
  for (const auto& i : s.cart_items) items.push_back({{"sku", i.sku}, {"name", i.name}, {"quantity", i.quantity}, {"price", i.price}});
  Json pages = Json::array();
  for (const auto& p : s.pages_seen) pages.push_back({{"url", p.url}, {"title", p.title}, {"at", format_time(p.at)}});
  return Json{{"page_url", s.page_url},
              {"referrer", s.referrer},
              {"utm", {{"source", s.utm_source}, {"medium", s.utm_medium}, {"campaign", s.utm_campaign}, {"term", s.utm_term}, {"content", s.utm_content}}},
              {"locale", s.locale},
              {"timezone", s.timezone},
              {"cart", {{"currency", s.cart_currency}, {"total", s.cart_total}, {"items", items}}},
              {"pages_seen", pages},
              {"raw", s.raw}};
}
}  // namespace parley::model
