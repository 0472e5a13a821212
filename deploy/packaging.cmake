# `cpack -G DEB` in the build directory makes blendd_<version>_amd64.deb with the binaries, the
# systemd unit and the default configuration in /etc/blendd/.
install(FILES ${CMAKE_CURRENT_SOURCE_DIR}/deploy/blendd.service DESTINATION lib/systemd/system)
install(FILES ${CMAKE_CURRENT_SOURCE_DIR}/deploy/blendd.yaml DESTINATION /etc/blendd)
install(FILES ${CMAKE_CURRENT_SOURCE_DIR}/README.md DESTINATION share/doc/blendd)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_PACKAGE_NAME blendd)
set(CPACK_PACKAGE_CONTACT "blendd maintainers <blendd@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Blended inbound/outbound dialling CTI daemon")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "redis-server")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA ${CMAKE_CURRENT_SOURCE_DIR}/deploy/debian/conffiles)
include(CPack)
