# `cpack -G DEB` in the build directory makes blendd_<version>_amd64.deb — stripped binaries, the
# systemd unit (registered by the maintainer scripts, not started), /etc/blendd/blendd.yaml as a
# conffile, copyright and changelog — and blendd-dbgsym_<version>_amd64.ddeb with the symbols.
# `lintian` passes it without errors (scripts/test.sh checks).
install(FILES ${CMAKE_CURRENT_SOURCE_DIR}/deploy/blendd.service DESTINATION lib/systemd/system)
install(FILES ${CMAKE_CURRENT_SOURCE_DIR}/deploy/blendd.yaml DESTINATION /etc/blendd)
install(FILES ${CMAKE_CURRENT_SOURCE_DIR}/README.md ${CMAKE_CURRENT_SOURCE_DIR}/deploy/debian/copyright
        DESTINATION share/doc/blendd)

# Debian wants the changelog compressed, reproducibly (no name or time stamp in the gzip header).
find_program(GZIP_PROGRAM gzip REQUIRED)
set(BLENDD_CHANGELOG_GZ ${CMAKE_CURRENT_BINARY_DIR}/changelog.gz)
add_custom_command(OUTPUT ${BLENDD_CHANGELOG_GZ}
  COMMAND ${GZIP_PROGRAM} -9nc ${CMAKE_CURRENT_SOURCE_DIR}/deploy/debian/changelog > ${BLENDD_CHANGELOG_GZ}
  DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/deploy/debian/changelog)
add_custom_target(blendd_changelog ALL DEPENDS ${BLENDD_CHANGELOG_GZ})
install(FILES ${BLENDD_CHANGELOG_GZ} DESTINATION share/doc/blendd)
# Manual pages, compressed the same way.
foreach(page blendd.8 blendctl.1)
  string(REGEX REPLACE ".*\\.([0-9])$" "\\1" section ${page})
  add_custom_command(OUTPUT ${CMAKE_CURRENT_BINARY_DIR}/${page}.gz
    COMMAND ${GZIP_PROGRAM} -9nc ${CMAKE_CURRENT_SOURCE_DIR}/deploy/man/${page} > ${CMAKE_CURRENT_BINARY_DIR}/${page}.gz
    DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/deploy/man/${page})
  list(APPEND BLENDD_MAN_PAGES ${CMAKE_CURRENT_BINARY_DIR}/${page}.gz)
  install(FILES ${CMAKE_CURRENT_BINARY_DIR}/${page}.gz DESTINATION share/man/man${section})
endforeach()
add_custom_target(blendd_man_pages ALL DEPENDS ${BLENDD_MAN_PAGES})

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_PACKAGE_NAME blendd)
set(CPACK_PACKAGE_CONTACT "blendd maintainers <blendd-maintainers@example.org>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Blended inbound/outbound dialling CTI daemon")
# The extended description (CPack puts the summary above it as the synopsis).
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "blendd watches the idle level of call-centre agent groups and,
above a configured threshold, places automatic outbound calls over SIP from
campaign target lists, connecting each answered customer to an idle agent of
the group. Inbound calls always come first. Supervisors tune thresholds and
schedules live over a REST API, a dashboard and blendctl; agents work in a
browser desk.")
set(CPACK_DEBIAN_PACKAGE_SECTION comm)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "redis-server")
# media.mode: relay runs through rtpengine (the system instance or a private one).
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "rtpengine-daemon")
# Strips the binaries of the main package, their symbols go to blendd-dbgsym (CPACK_STRIP_FILES
# would strip them before the dbgsym package could be made).
set(CPACK_DEBIAN_DEBUGINFO_PACKAGE ON)
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
  ${CMAKE_CURRENT_SOURCE_DIR}/deploy/debian/conffiles
  ${CMAKE_CURRENT_SOURCE_DIR}/deploy/debian/postinst
  ${CMAKE_CURRENT_SOURCE_DIR}/deploy/debian/prerm
  ${CMAKE_CURRENT_SOURCE_DIR}/deploy/debian/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
