// Unit tests for src/core/url.cpp: url kinds, and keeping passwords out of what retort prints.
#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "retort/error.hpp"
#include "retort/url.hpp"

using retort::ErrorCode;
using retort::UrlKind;

TEST(Url, PostgresSchemesArePostgres) {
  EXPECT_EQ(retort::url_kind("postgresql://user:pw@localhost:5432/db"), UrlKind::postgres);
  EXPECT_EQ(retort::url_kind("postgres://localhost/db"), UrlKind::postgres);
  EXPECT_EQ(retort::url_kind("postgresql:///db?host=/var/run/postgresql"), UrlKind::postgres);
}

TEST(Url, LibpqKeyValueStringIsPostgres) {
  EXPECT_EQ(retort::url_kind("host=localhost port=5432 dbname=app user=me"), UrlKind::postgres);
  EXPECT_EQ(retort::url_kind("dbname=app"), UrlKind::postgres);
}

TEST(Url, PgtempIsPgtemp) {
  EXPECT_EQ(retort::url_kind("pgtemp://"), UrlKind::pgtemp);
  EXPECT_EQ(retort::url_kind("pgtemp://?version=16"), UrlKind::pgtemp);
}

TEST(Url, SqliteFormsAreSqlite) {
  EXPECT_EQ(retort::url_kind("sqlite:///rel.db"), UrlKind::sqlite);
  EXPECT_EQ(retort::url_kind("sqlite:////abs/path.db"), UrlKind::sqlite);
  EXPECT_EQ(retort::url_kind("sqlite:///:memory:"), UrlKind::sqlite);
}

TEST(Url, SqliteWithTwoSlashesIsAConfigError) {
  try {
    (void)retort::url_kind("sqlite://rel.db");
    ADD_FAILURE() << "sqlite://rel.db was accepted";
  } catch (const retort::Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::config);
    EXPECT_NE(std::string(e.what()).find("must start with sqlite:///"), std::string::npos) << e.what();
  }
}

TEST(Url, UnknownSchemeIsAConfigErrorWithoutThePassword) {
  try {
    (void)retort::url_kind("mysql://admin:hunter2@db.example.com/app");
    ADD_FAILURE() << "mysql:// was accepted";
  } catch (const retort::Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::config);
    const std::string what = e.what();
    EXPECT_EQ(what.find("hunter2"), std::string::npos) << what;
    EXPECT_NE(what.find("mysql://admin:****@db.example.com/app"), std::string::npos) << what;
    EXPECT_NE(what.find("unsupported database url"), std::string::npos) << what;
  }
}

TEST(Url, UnknownSchemeWithQueryPasswordHidesIt) {
  try {
    (void)retort::url_kind("oracle://db/app?user=me&password=s3cret&x=1");
    ADD_FAILURE() << "oracle:// was accepted";
  } catch (const retort::Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::config);
    EXPECT_EQ(std::string(e.what()).find("s3cret"), std::string::npos) << e.what();
  }
}

TEST(Url, EmptyUrlIsAConfigErrorSayingHowToSetIt) {
  try {
    (void)retort::url_kind("");
    ADD_FAILURE() << "an empty url was accepted";
  } catch (const retort::Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::config);
    EXPECT_NE(std::string(e.what()).find("DATABASE_URL"), std::string::npos) << e.what();
  }
}

TEST(Url, PlainWordIsAConfigError) {
  try {
    (void)retort::url_kind("localhost");
    ADD_FAILURE() << "'localhost' was accepted";
  } catch (const retort::Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::config);
    EXPECT_NE(std::string(e.what()).find("'localhost'"), std::string::npos) << e.what();
  }
}

TEST(Url, MaskUrlHidesUserinfoPassword) {
  EXPECT_EQ(retort::mask_url("postgresql://app:hunter2@localhost:5432/db"), "postgresql://app:****@localhost:5432/db");
  // '@' inside the password: the last '@' before the host ends the userinfo
  EXPECT_EQ(retort::mask_url("postgresql://app:p@ss@host/db"), "postgresql://app:****@host/db");
}

TEST(Url, MaskUrlLeavesUrlsWithoutPasswordUnchanged) {
  for (std::string_view url : {"postgresql://app@localhost:5432/db", "postgresql://localhost:5432/db", "pgtemp://",
                               "sqlite:///rel.db", "host=localhost dbname=app"}) {
    EXPECT_EQ(retort::mask_url(url), url);
  }
}

TEST(Url, MaskUrlHidesQueryPassword) {
  EXPECT_EQ(retort::mask_url("postgresql://localhost/db?user=app&password=hunter2&sslmode=require"),
            "postgresql://localhost/db?user=app&password=****&sslmode=require");
  EXPECT_EQ(retort::mask_url("postgresql://localhost/db?password=hunter2"), "postgresql://localhost/db?password=****");
  // both forms at once
  EXPECT_EQ(retort::mask_url("postgresql://a:one@h/db?password=two"), "postgresql://a:****@h/db?password=****");
}

TEST(Url, MaskUrlHidesKeyValuePassword) {
  EXPECT_EQ(retort::mask_url("host=localhost password=hunter2 dbname=app"), "host=localhost password=**** dbname=app");
  EXPECT_EQ(retort::mask_url("password=hunter2"), "password=****");
  EXPECT_EQ(retort::mask_url("host=h password='with space' dbname=app"), "host=h password=**** dbname=app");
  EXPECT_EQ(retort::mask_url("host=h password='it\\'s' dbname=app"), "host=h password=**** dbname=app");
}

TEST(Url, MaskUrlDoesNotTouchOtherKeysEndingInPassword) {
  EXPECT_EQ(retort::mask_url("host=h sslpassword=keypw"), "host=h sslpassword=keypw");
}

TEST(Url, UrlPasswordFromUserinfoIsPercentDecoded) {
  EXPECT_EQ(retort::url_password("postgresql://app:hunter2@localhost/db"), "hunter2");
  EXPECT_EQ(retort::url_password("postgresql://app:p%40ss%2Fw%3Ard@localhost/db"), "p@ss/w:rd");
  EXPECT_EQ(retort::url_password("postgresql://app:p@ss@localhost/db"), "p@ss");
}

TEST(Url, UrlPasswordFromQueryAndKeyValue) {
  EXPECT_EQ(retort::url_password("postgresql://localhost/db?user=a&password=q%20w&x=1"), "q w");
  EXPECT_EQ(retort::url_password("host=h password=hunter2 dbname=app"), "hunter2");
  EXPECT_EQ(retort::url_password("host=h password='two words'"), "two words");
}

TEST(Url, UrlPasswordIsEmptyWhenThereIsNone) {
  EXPECT_EQ(retort::url_password("postgresql://app@localhost/db"), "");
  EXPECT_EQ(retort::url_password("postgresql://localhost:5432/db"), "");
  EXPECT_EQ(retort::url_password("sqlite:///app.db"), "");
  EXPECT_EQ(retort::url_password("host=h dbname=app"), "");
}

TEST(Url, RedactReplacesEveryOccurrence) {
  EXPECT_EQ(retort::redact("auth failed for hunter2; retry with hunter2", "hunter2"),
            "auth failed for ****; retry with ****");
  EXPECT_EQ(retort::redact("nothing to hide", "hunter2"), "nothing to hide");
  EXPECT_EQ(retort::redact("keep as is", ""), "keep as is");
  EXPECT_EQ(retort::redact("aaaa", "a"), "****************");  // a secret that is a prefix of the mask
  EXPECT_EQ(retort::redact("x**y", "*"), "x********y");
}

TEST(Url, RedactWithUrlPasswordScrubsAServerMessage) {
  const std::string url = "postgresql://app:s%3Dcret@db/app";
  const std::string message = "connection to db failed: password s=cret rejected";
  EXPECT_EQ(retort::redact(message, retort::url_password(url)), "connection to db failed: password **** rejected");
}

TEST(Url, SqlitePathOfEachForm) {
  EXPECT_EQ(retort::sqlite_path("sqlite:///rel.db"), "rel.db");
  EXPECT_EQ(retort::sqlite_path("sqlite:///sub/dir/rel.db"), "sub/dir/rel.db");
  EXPECT_EQ(retort::sqlite_path("sqlite:////abs/path.db"), "/abs/path.db");
  EXPECT_EQ(retort::sqlite_path("sqlite:///:memory:"), ":memory:");
  EXPECT_EQ(retort::sqlite_path("sqlite:///app.db?mode=ro"), "app.db");
  EXPECT_EQ(retort::sqlite_path("sqlite:////tmp/my%20app.db"), "/tmp/my app.db");
}

TEST(Url, KeyValuePasswordWithSpacesAroundEqualsIsMasked) {
  // libpq accepts "password = value"; the value must not leak into messages.
  EXPECT_EQ(retort::mask_url("host=h password = hunter2 dbname=app"), "host=h password = **** dbname=app");
  EXPECT_EQ(retort::mask_url("host=h password= hunter2"), "host=h password= ****");
  EXPECT_EQ(retort::url_password("host=h password = hunter2 dbname=app"), "hunter2");
}

TEST(Url, KeyValuePasswordIsTakenLiterallyLikeLibpqDoes) {
  // key=value strings have no percent-encoding; quoted values use backslash escapes
  EXPECT_EQ(retort::url_password("host=h password=a%41b"), "a%41b");
  EXPECT_EQ(retort::url_password("host=h password='it\\'s' dbname=x"), "it's");
}
